"""Template helpers for the referendum pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()

#: (thousands separator, decimal separator): Kazakh and Russian write 12 482 613,5.
SEPARATORS = {"en": (",", "."), "kk": ("\u00a0", ","), "ru": ("\u00a0", ",")}


def _separators() -> tuple[str, str]:
    return SEPARATORS.get((get_language() or "kk").split("-")[0], ("\u00a0", ","))


@register.filter
def figure(value: Any) -> str:
    """A whole count grouped in thousands the reader's way (12 482 613, 12,482,613)."""
    if value is None or value == "":
        return "–"
    thousands, _decimal = _separators()
    return f"{int(value):,}".replace(",", thousands)


@register.filter
def pct(value: Any) -> str:
    """A percentage with two decimals in the reader's notation (87,15% or 87.15%)."""
    if value is None or value == "":
        return "–"
    _thousands, decimal = _separators()
    return f"{Decimal(value):.2f}".replace(".", decimal) + "%"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
