"""Server-rendered SVG bar charts: no JavaScript, no CDN, readable without the picture.

Each chart carries a ``<title>`` and a ``<desc>`` (announced by screen readers
through ``role="img"`` and ``aria-labelledby``), prints its figures as text
labels, and comes with the rows of a data table that the template renders
next to it (templates/support/reports/_chart.html), so nothing is only in the
picture. Every text is escaped here.
"""

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5fa8", "#e08a1e", "#2e8b57", "#8e44ad")  # distinct in greyscale too


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]
    color: str = ""


@dataclass(frozen=True)
class Chart:
    """An SVG and the same figures as a table (headers, then one row per category)."""

    svg: SafeString
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 × 10^n, at least 1) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(factor * magnitude, 1)  # counts: never a step under one
    return 10 * magnitude


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    width: int = 680,
    height: int = 260,
    total_label: str = "Total",
) -> Chart:
    """Vertical bars, stacked when there are several series, with the total above each."""
    colors = [s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    step = nice_step(max(totals, default=0))
    top = step * max(1, math.ceil(max(totals, default=0) / step))
    left, right, upper, legend_h, lower = 44, 8, 18, 22 if len(series) > 1 else 0, 36
    plot_w = width - left - right
    plot_h = height - upper - lower - legend_h
    slot = plot_w / max(1, len(categories))
    bar_w = min(72.0, max(4.0, slot * 0.62))  # few categories: no slabs

    def y(value: float) -> float:
        return upper + legend_h + plot_h - plot_h * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="11" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if len(series) > 1:
        x = left
        for s, color in zip(series, colors, strict=True):
            parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{color}"/>')
            parts.append(f'<text x="{x + 14}" y="13" fill="#333">{escape(s.label)}</text>')
            x += 24 + 7 * len(s.label)
    tick = 0.0
    while tick <= top:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#d9dee6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_fmt(tick)}</text>"
        )
        tick += step
    for i, category in enumerate(categories):
        cx = left + slot * i + slot / 2
        base = 0.0
        for s, color in zip(series, colors, strict=True):
            value = s.values[i]
            if value > 0:
                parts.append(
                    f'<rect x="{cx - bar_w / 2:.1f}" y="{y(base + value):.1f}" '
                    f'width="{bar_w:.1f}" height="{y(base) - y(base + value):.1f}" '
                    f'fill="{color}"><title>{escape(category)} — {escape(s.label)} : '
                    f"{_fmt(value)}</title></rect>"
                )
            base += value
        parts.append(
            f'<text x="{cx:.1f}" y="{y(totals[i]) - 4:.1f}" text-anchor="middle" '
            f'fill="#222">{_fmt(totals[i])}</text>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{height - lower + 16}" text-anchor="middle" '
            f'fill="#333">{escape(category)}</text>'
        )
    parts.append("</svg>")
    headers = tuple(s.label for s in series) + ((total_label,) if len(series) > 1 else ())
    rows = tuple(
        (
            category,
            tuple(_fmt(s.values[i]) for s in series)
            + ((_fmt(totals[i]),) if len(series) > 1 else ()),
        )
        for i, category in enumerate(categories)
    )
    return Chart(svg=mark_safe("".join(parts)), title=title, headers=headers, rows=rows)  # noqa: S308 — every text above is escaped
