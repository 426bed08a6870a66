"""Charts of the reform's figures, drawn on the server as inline SVG.

No script and no external library: a chart reads in any browser, prints, and
carries a title and a description for screen readers. Every page that shows
a chart also shows its figures in a table, so nothing is only in a picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

ACCENT = "#0b6e99"
GRID = "#dfe3ea"
INK = "#1d2330"
MUTED = "#5b6475"
EMPTY = "#eef0f3"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _svg(name: str, width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    # A chart whose marks are links is a group of links, not an image (an image has no
    # interactive parts for assistive technology to reach).
    role = "group" if any("<a " in part for part in body) else "img"
    head = (
        f'<svg class="chart chart-{_e(name)}" viewBox="0 0 {width} {height}" width="100%" '
        f'role="{role}" aria-labelledby="{_e(name)}-title {_e(name)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" '
        f'font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="12">'
        f'<title id="{_e(name)}-title">{_e(title)}</title>'
        f'<desc id="{_e(name)}-desc">{_e(desc)}</desc>'
    )
    # Every interpolated value went through _e() or is a number, so the markup is safe.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308


@dataclass(frozen=True)
class Item:
    """One bar or column: a label, a count and the page that lists what it counts."""

    label: str
    value: int
    url: str = ""


def _linked(element: str, url: str) -> str:
    return f'<a href="{_e(url)}">{element}</a>' if url else element


def bars(name: str, items: Sequence[Item], *, title: str, desc: str) -> SafeString:
    """Horizontal bars, longest first as given, each labelled with its count."""
    longest = max((len(i.label) for i in items), default=10)
    label_w = min(300, 16 + round(longest * 6.6))
    bar_w, row_h, top = 360, 24, 6
    width = label_w + bar_w + 80
    height = top + row_h * max(len(items), 1) + 6
    peak = max((i.value for i in items), default=0) or 1
    body = []
    for index, item in enumerate(items):
        y = top + index * row_h
        length = round(bar_w * item.value / peak)
        row = (
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="{INK}">'
            f"{_e(item.label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{max(length, 1)}" height="{row_h - 8}" '
            f'rx="2" fill="{ACCENT}"/>'
            f'<text x="{label_w + length + 6}" y="{y + 16}" fill="{MUTED}">{_n(item.value)}</text>'
        )
        body.append(_linked(f"<g>{row}</g>", item.url))
    return _svg(name, width, height, title, desc, body)


def columns(name: str, items: Sequence[Item], *, title: str, desc: str) -> SafeString:
    """Columns over time (one per period, oldest first); the axis names the first and last."""
    col_w, gap, plot_h, top, bottom = 14, 3, 160, 18, 34
    width = max(320, 48 + len(items) * (col_w + gap))
    height = top + plot_h + bottom
    peak = max((i.value for i in items), default=0) or 1
    body = [
        f'<line x1="40" x2="{width - 4}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{GRID}"/>',
        f'<text x="36" y="{top + 4}" text-anchor="end" fill="{MUTED}">{_n(peak)}</text>',
        f'<text x="36" y="{top + plot_h}" text-anchor="end" fill="{MUTED}">0</text>',
    ]
    for index, item in enumerate(items):
        x = 44 + index * (col_w + gap)
        h = round(plot_h * item.value / peak)
        body.append(
            _linked(
                f"<g><title>{_e(item.label)}: {_n(item.value)}</title>"
                f'<rect x="{x}" y="{top + plot_h - h}" width="{col_w}" height="{max(h, 0)}" '
                f'fill="{ACCENT}"/></g>',
                item.url,
            )
        )
    if items:
        body.append(
            f'<text x="44" y="{top + plot_h + 18}" fill="{MUTED}">{_e(items[0].label)}</text>'
        )
        body.append(
            f'<text x="{width - 4}" y="{top + plot_h + 18}" text-anchor="end" fill="{MUTED}">'
            f"{_e(items[-1].label)}</text>"
        )
    return _svg(name, width, height, title, desc, body)


@dataclass(frozen=True)
class Tile:
    col: int
    row: int
    label: str
    name: str
    value: int
    url: str = ""
    dashed: bool = False


def _shade(value: int, peak: int) -> tuple[str, str]:
    """Light to dark blue on a square-root scale, so small counts stay visible."""
    if value <= 0 or peak <= 0:
        return EMPTY, MUTED
    t = (value / peak) ** 0.5
    low, high = (0xDC, 0xEE, 0xF7), (0x0B, 0x4F, 0x73)
    colour = "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high, strict=True))
    return colour, ("#fff" if t > 0.55 else INK)


def tile_map(name: str, tiles: Sequence[Tile], *, title: str, desc: str) -> SafeString:
    """One equal square per unit, placed roughly where it lies, shaded by its count."""
    size, gap = 84, 6
    cols = max((t.col for t in tiles), default=0) + 1
    rows = max((t.row for t in tiles), default=0) + 1
    width = cols * (size + gap) + gap
    height = rows * (size + gap) + gap
    peak = max((t.value for t in tiles), default=0)
    body = []
    for t in tiles:
        x = gap + t.col * (size + gap)
        y = gap + t.row * (size + gap)
        fill, ink = _shade(t.value, peak)
        dash = ' stroke-dasharray="5 4"' if t.dashed else ""
        tile = (
            f"<g><title>{_e(t.name)}: {_n(t.value)}</title>"
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" '
            f'stroke="{INK if t.dashed else "#fff"}"{dash}/>'
            f'<text x="{x + size / 2}" y="{y + 36}" text-anchor="middle" font-weight="700" '
            f'font-size="15" fill="{ink}">{_e(t.label)}</text>'
            f'<text x="{x + size / 2}" y="{y + 58}" text-anchor="middle" font-size="13" '
            f'fill="{ink}">{_n(t.value)}</text></g>'
        )
        body.append(_linked(tile, t.url))
    return _svg(name, width, height, title, desc, body)
