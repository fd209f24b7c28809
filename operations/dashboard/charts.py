"""Server-rendered SVG charts: no JavaScript and no CDN, so the dashboard works behind any firewall and in tests.

Each function takes labels and numbers and returns safe SVG markup; every value written into it is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#417690", "#79aec8", "#ba2121", "#e5a000", "#5b8c37", "#8a5aa8")
WIDTH, HEIGHT = 640, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 12, 28, 36


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def _nice_maximum(value: float) -> float:
    """Round the axis top up to 1, 2 or 5 × 10ⁿ, so the tick labels are readable numbers."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1.0
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or float(value).is_integer() else f"{value:.1f}"


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], MARGIN_LEFT
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="17" font-size="11">{escape(item.name)}</text>')
        x += 24 + 7 * len(item.name)
    return parts


def _frame(title: str, body: list[str], height: int = HEIGHT) -> SafeString:
    # Safe: every value written into the parts was escaped where it was added.
    return mark_safe(
        f'<svg class="dh-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> SafeString:
    """Daily values as lines, one per series, with a 0/half/top axis and about eight x labels."""
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = _nice_maximum(max((max(item.values, default=0) for item in series), default=0))
    count = max(len(labels), 1)
    step = plot_width / max(count - 1, 1)

    def x_at(index: int) -> float:
        return MARGIN_LEFT + (index * step if count > 1 else plot_width / 2)

    def y_at(value: float) -> float:
        return MARGIN_TOP + plot_height * (1 - value / top)

    body = _legend(series)
    for fraction in (0, 0.5, 1):
        y = y_at(top * fraction)
        body.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">')
        body.append(f"{_number(top * fraction)}</text>")
    label_every = max(1, round(count / 8))
    for index, label in enumerate(labels):
        if index % label_every == 0 or index == count - 1:
            body.append(
                f'<text x="{x_at(index):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for series_index, item in enumerate(series):
        colour = PALETTE[series_index % len(PALETTE)]
        points = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(item.values))
        body.append(f'<polyline class="dh-series" fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        for index, value in enumerate(item.values):
            body.append(
                f'<circle cx="{x_at(index):.1f}" cy="{y_at(value):.1f}" r="2.5" fill="{colour}">'
                f"<title>{escape(labels[index])}: {escape(_number(value))}</title></circle>"
            )
    return _frame(title, body)


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series], unit: str = "") -> SafeString:
    """Horizontal grouped bars: one row per label, one bar per series (e.g. average and p95 per stage)."""
    row_height = 10 * len(series) + 10
    height = MARGIN_TOP + row_height * len(labels) + 12
    label_width = 150
    plot_width = WIDTH - label_width - MARGIN_RIGHT - 50
    top = _nice_maximum(max((max(item.values, default=0) for item in series), default=0))
    body = _legend(series)
    for row, label in enumerate(labels):
        y = MARGIN_TOP + row * row_height
        body.append(f'<text x="{label_width - 6}" y="{y + row_height / 2 + 3:.1f}" font-size="11" text-anchor="end">')
        body.append(f"{escape(label)}</text>")
        for series_index, item in enumerate(series):
            value = item.values[row]
            bar_y = y + 4 + series_index * 10
            bar_width = plot_width * value / top
            colour = PALETTE[series_index % len(PALETTE)]
            body.append(
                f'<rect class="dh-bar" x="{label_width}" y="{bar_y}" width="{bar_width:.1f}" height="8" '
                f'fill="{colour}"><title>{escape(item.name)}: {escape(_number(value))}{escape(unit)}</title></rect>'
            )
            body.append(
                f'<text x="{label_width + bar_width + 4:.1f}" y="{bar_y + 8}" font-size="9">'
                f"{escape(_number(value))}{escape(unit)}</text>"
            )
    return _frame(title, body, height=height)
