"""Charts drawn on the server as SVG (no script, no CDN): a time series and horizontal bars.

Only published values reach here (ints or the mark "<5"). A marked value is drawn as a hatched stub of one fixed
height, so its bar tells nothing about it; axis ticks are 0 and multiples of a step of at least 5, so no axis
shows a number from 1 to 4. Each chart has a title and a description for screen readers, and the same numbers
stand in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from server.suppression import Shown

BAR = "#1d5fa6"  # 6.5:1 on white
LINE = "#9a3412"  # participants: 6.9:1 on white
PREVIOUS = "#4b5563"  # the previous period, dashed: 7.6:1 on white
GRID = "#d3d8de"
TEXT = "#1b1f24"
_STEPS = (5, 10, 20, 25, 50)
STUB = 4.0  # the height of a marked value's bar


def nice_step(maximum: int, ticks: int = 5) -> int:
    """The smallest step of 5, 10, 20, 25, 50 times a power of ten giving at most `ticks` steps up to maximum."""
    scale = 1
    while True:
        for step in _STEPS:
            if step * scale * ticks >= maximum:
                return step * scale
        scale *= 10


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def shown_text(value: Shown | None, none_text: str) -> str:
    if value is None:
        return none_text
    return _number(value) if isinstance(value, int) else value


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Shown | None]  # None: no report in that period


def _attr(text: str) -> str:
    return str(escape(text))


def time_series(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    bars: Series,
    lines: Sequence[tuple[Series, bool]],  # (series, dashed)
    none_text: str,
) -> Markup:
    """Bars for `bars`, a line per `lines` entry (points where the value is a number), one column per label."""
    width, height, left, right, top, bottom = 760, 300, 56, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [v for series in (bars, *(s for s, _ in lines)) for v in series.values if isinstance(v, int)]
    step = nice_step(max(numbers, default=0) or 5)
    top_value = step * max(1, -(-max(numbers, default=0) // step))
    columns = max(len(labels), 1)
    slot = plot_w / columns

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / top_value

    parts = [
        f'<svg id="{_attr(chart_id)}" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(description)}</desc>',
        '<defs><pattern id="' + _attr(chart_id) + '-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="2" height="4" fill="{BAR}"/></pattern></defs>',
    ]
    tick = 0
    while tick <= top_value:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT}">'
            f"{_number(tick)}</text>"
        )
        tick += step
    label_every = max(1, -(-columns // 14))
    for index, label in enumerate(labels):
        x = left + index * slot
        value = bars.values[index] if index < len(bars.values) else None
        tip = f"{label}: {bars.name} {shown_text(value, none_text)}"
        for series, _dashed in lines:
            other = series.values[index] if index < len(series.values) else None
            tip += f"; {series.name} {shown_text(other, none_text)}"
        if isinstance(value, int):
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y(value):.1f}" width="{slot * 0.7:.1f}" '
                f'height="{y(0) - y(value):.1f}" fill="{BAR}"><title>{escape(tip)}</title></rect>'
            )
        elif isinstance(value, str):
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y(0) - STUB:.1f}" width="{slot * 0.7:.1f}" height="{STUB}" '
                f'fill="url(#{_attr(chart_id)}-hatch)" stroke="{BAR}"><title>{escape(tip)}</title></rect>'
            )
        else:
            parts.append(
                f'<rect x="{x:.1f}" y="{top}" width="{slot:.1f}" height="{plot_h}" fill="transparent">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if index % label_every == 0:
            cx = x + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="end" font-size="11" fill="{TEXT}" '
                f'transform="rotate(-40 {cx:.1f} {height - bottom + 16})">{escape(label)}</text>'
            )
    for series, dashed in lines:
        points: list[str] = []
        segments: list[list[str]] = []
        for index, value in enumerate(series.values[: len(labels)]):
            if isinstance(value, int):
                points.append(f"{left + index * slot + slot / 2:.1f},{y(value):.1f}")
            elif points:
                segments.append(points)
                points = []
        if points:
            segments.append(points)
        colour = PREVIOUS if dashed else LINE
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        for segment in segments:
            parts.append(
                f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
            )
            if len(segment) == 1:
                point_x, point_y = segment[0].split(",")
                parts.append(f'<circle cx="{point_x}" cy="{point_y}" r="3" fill="{colour}"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{TEXT}"/></svg>')
    return Markup("".join(parts))


def horizontal_bars(
    chart_id: str, title: str, description: str, items: Sequence[tuple[str, Shown]], unit: str
) -> Markup:
    """One bar per (label, value), largest first as given."""
    row, left, right, top = 26, 260, 70, 8
    width = 760
    height = top * 2 + row * max(len(items), 1) + 20
    plot_w = width - left - right
    numbers = [value for _, value in items if isinstance(value, int)]
    step = nice_step(max(numbers, default=0) or 5)
    top_value = step * max(1, -(-max(numbers, default=0) // step))

    def x(value: float) -> float:
        return left + plot_w * value / top_value

    parts = [
        f'<svg id="{_attr(chart_id)}" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(description)}</desc>',
        '<defs><pattern id="' + _attr(chart_id) + '-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="2" height="4" fill="{BAR}"/></pattern></defs>',
    ]
    axis_y = top + row * max(len(items), 1)
    tick = 0
    while tick <= top_value:
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{axis_y}" stroke="{GRID}"/>'
            f'<text x="{x(tick):.1f}" y="{axis_y + 14}" text-anchor="middle" font-size="11" fill="{TEXT}">'
            f"{_number(tick)}</text>"
        )
        tick += step
    for index, (label, value) in enumerate(items):
        y = top + index * row
        shown = shown_text(value, "")
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + row * 0.65:.1f}" text-anchor="end" font-size="12" fill="{TEXT}">'
            f"{escape(short)}</text>"
        )
        tip = f"{label}: {shown} {unit}"
        if isinstance(value, int):
            parts.append(
                f'<rect x="{left}" y="{y + 4}" width="{x(value) - left:.1f}" height="{row - 8}" fill="{BAR}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            end = x(value)
        else:
            parts.append(
                f'<rect x="{left}" y="{y + 4}" width="{STUB}" height="{row - 8}" fill="url(#{_attr(chart_id)}-hatch)" '
                f'stroke="{BAR}"><title>{escape(tip)}</title></rect>'
            )
            end = left + STUB
        parts.append(
            f'<text x="{end + 6:.1f}" y="{y + row * 0.65:.1f}" font-size="12" fill="{TEXT}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
