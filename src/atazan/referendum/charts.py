"""Charts drawn on the server as inline SVG: no script, readable in any browser and in print.

Each chart carries a title and a description for screen readers, and every
page that shows one also shows the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from atazan.referendum.templatetags.referendum_tags import pct

YES = "#1a7f5a"
NO = "#b3261e"
OTHER = "#9aa3b2"
GRID = "#dfe3ea"
INK = "#1d2330"
MUTED = "#5b6475"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _svg(
    width: int, height: int, title: str, desc: str, body: list[str], css: str = "chart"
) -> SafeString:
    # A chart whose marks are links is a group of links, not an image (an image has no
    # interactive parts for assistive technology to reach).
    role = "group" if any("<a " in part for part in body) else "img"
    head = (
        f'<svg class="{css}" viewBox="0 0 {width} {height}" width="100%" role="{role}" '
        f'aria-labelledby="{css}-title {css}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="12">'
        f'<title id="{css}-title">{_e(title)}</title><desc id="{css}-desc">{_e(desc)}</desc>'
    )
    # Every interpolated value above went through _e(), so the markup is safe.
    return mark_safe(head + "".join(body) + "</svg>")


@dataclass(frozen=True)
class Bar:
    label: str
    yes: Decimal
    no: Decimal
    url: str = ""
    majority: bool = False


def result_bars(bars: Sequence[Bar], *, threshold: Decimal = Decimal(50)) -> SafeString:
    """Stacked bars per unit: yes, no, and the rest of those who voted; a line at the majority."""
    longest = max((len(bar.label) for bar in bars), default=10)
    label_w, bar_w, row_h, top = min(260, 16 + round(longest * 6.8)), 320, 24, 28
    width = label_w + bar_w + 64
    height = top + row_h * len(bars) + 10
    body = [
        f'<text x="{label_w}" y="14" fill="{MUTED}">0%</text>',
        f'<text x="{label_w + bar_w}" y="14" fill="{MUTED}" text-anchor="end">100%</text>',
    ]
    x50 = label_w + bar_w * float(threshold) / 100
    for i, bar in enumerate(bars):
        y = top + i * row_h
        yes_w = bar_w * float(bar.yes) / 100
        no_w = bar_w * float(bar.no) / 100
        name = _e(bar.label)
        label = f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="{INK}">{name}</text>'
        if bar.url:
            label = f'<a href="{_e(bar.url)}">{label}</a>'
        tip = _e(
            _("%(unit)s: yes %(yes)s, no %(no)s")
            % {"unit": bar.label, "yes": pct(bar.yes), "no": pct(bar.no)}
        )
        body += [
            label,
            f"<g><title>{tip}</title>"
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="{OTHER}" opacity="0.35"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{yes_w:.1f}" height="{row_h - 8}" fill="{YES}"/>'
            f'<rect x="{label_w + yes_w:.1f}" y="{y + 3}" width="{no_w:.1f}" height="{row_h - 8}" fill="{NO}"/></g>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 15}" fill="{INK}">{_e(pct(bar.yes))}</text>',
        ]
    body.append(
        f'<line x1="{x50:.1f}" x2="{x50:.1f}" y1="20" y2="{height - 6}" stroke="{INK}" '
        f'stroke-dasharray="4 3"/>'
    )
    return _svg(
        width,
        height,
        _("Yes and no by voting unit"),
        _("Share of those who voted, per unit; the dashed line marks a majority."),
        body,
        "chart-bars",
    )


@dataclass(frozen=True)
class Tile:
    col: int
    row: int
    label: str
    name: str
    value: Decimal | None
    url: str = ""
    abroad: bool = False


def _tile_colour(value: Decimal | None) -> tuple[str, str]:
    """Sequential greens from 50% (light) to 100% (dark); reds below a majority."""
    if value is None:
        return "#eef0f3", MUTED
    v = float(value)
    if v <= 50:
        strength = min(1.0, (50 - v) / 30)
        return _mix("#fbe0e0", NO, strength), ("#fff" if strength > 0.55 else INK)
    strength = min(1.0, (v - 50) / 50)
    return _mix("#d9f2dd", "#0d4f37", strength), ("#fff" if strength > 0.55 else INK)


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


def cartogram(tiles: Sequence[Tile], *, caption: str) -> SafeString:
    """One equal square per unit, placed roughly where the unit lies."""
    size, gap = 92, 6
    cols = max((t.col for t in tiles), default=0) + 1
    rows = max((t.row for t in tiles), default=0) + 1
    width = cols * (size + gap) + gap
    height = rows * (size + gap) + gap + 30
    body = []
    for t in tiles:
        x = gap + t.col * (size + gap)
        y = gap + t.row * (size + gap)
        fill, ink = _tile_colour(t.value)
        value = "–" if t.value is None else pct(t.value)
        dash = ' stroke-dasharray="5 4"' if t.abroad else ""
        tile = (
            f"<g><title>{_e(t.name)}: {_e(value)}</title>"
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" '
            f'stroke="{INK if t.abroad else "#fff"}"{dash}/>'
            f'<text x="{x + size / 2}" y="{y + 38}" text-anchor="middle" font-weight="700" '
            f'font-size="16" fill="{ink}">{_e(t.label)}</text>'
            f'<text x="{x + size / 2}" y="{y + 62}" text-anchor="middle" font-size="14" '
            f'fill="{ink}">{_e(value)}</text></g>'
        )
        if t.url:
            tile = f'<a href="{_e(t.url)}">{tile}</a>'
        body.append(tile)
    # Legend: the colour scale from 50% to 100%.
    legend_y = height - 24
    for i in range(6):
        v = Decimal(50 + i * 10)
        fill, _ink = _tile_colour(v)
        body.append(
            f'<rect x="{gap + i * 56}" y="{legend_y}" width="56" height="12" fill="{fill}"/>'
        )
        body.append(
            f'<text x="{gap + i * 56}" y="{legend_y + 26}" font-size="12" fill="{MUTED}">{v}%</text>'
        )
    return _svg(width, height + 10, _("Map of the voting units"), caption, body, "chart-map")


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[str, Decimal]]
    emphasis: bool = False


def _minutes(time: str) -> int:
    hours, _sep, minutes = time.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def turnout_lines(
    series: Sequence[Series], *, start: str = "07:00", end: str = "20:00"
) -> SafeString:
    """Turnout through the day: one faint line per unit, the nation in bold."""
    left, right, top, bottom = 44, 44, 20, 30
    plot_w, plot_h = 640, 260
    width, height = left + plot_w + right, top + plot_h + bottom
    t0, t1 = _minutes(start), _minutes(end)

    def x(time: str) -> float:
        return left + plot_w * (_minutes(time) - t0) / max(1, t1 - t0)

    def y(value: Decimal) -> float:
        return top + plot_h * (1 - float(value) / 100)

    body = []
    for level in range(0, 101, 20):
        yy = y(Decimal(level))
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="{GRID}"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="{MUTED}">{level}%</text>'
        )
    for hour in range(t0 // 60, t1 // 60 + 1):
        if hour % 2:
            continue
        xx = x(f"{hour:02d}:00")
        body.append(
            f'<text x="{xx:.1f}" y="{height - 10}" text-anchor="middle" fill="{MUTED}">{hour:02d}:00</text>'
        )
    y50 = y(Decimal(50))
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y50:.1f}" y2="{y50:.1f}" stroke="{INK}" stroke-dasharray="4 3"/>'
    )
    ordered = sorted(series, key=lambda s: s.emphasis)
    for s in ordered:
        if not s.points:
            continue
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x(t):.1f},{y(v):.1f}"
            for i, (t, v) in enumerate([(start, Decimal(0)), *s.points])
        )
        colour, stroke, opacity = (YES, 3, 1.0) if s.emphasis else (OTHER, 1.2, 0.7)
        body.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
            f'opacity="{opacity}"><title>{_e(s.name)}</title></path>'
        )
        if s.emphasis:
            for t, v in s.points:
                body.append(
                    f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="4" fill="{YES}">'
                    f"<title>{_e(t)}: {_e(pct(v))}</title></circle>"
                    f'<text x="{x(t):.1f}" y="{y(v) - 9:.1f}" text-anchor="middle" '
                    f'font-size="11" fill="{INK}">{_e(pct(v))}</text>'
                )
    return _svg(
        width,
        height,
        _("Turnout through the day"),
        _(
            "Share of registered voters who had voted, by time of day; the bold line is the whole country."
        ),
        body,
        "chart-turnout",
    )
