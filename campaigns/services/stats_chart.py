"""The weekly digest's picture: spend (bars) and clicks (a line) per day, as PNG bytes.

matplotlib with the Agg backend: it draws to memory without a display, so a Celery worker renders it; a figure
is created and closed per call, never through pyplot's global state, so concurrent renders do not mix.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SPEND_COLOUR = "#f2b01e"  # Direct's yellow
CLICKS_COLOUR = "#2a6ebb"


def spend_and_clicks_png(days: list[tuple[date, Decimal, int]], *, title: str, spend_label: str,
                         clicks_label: str) -> bytes:
    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    spend_axis = figure.add_subplot()
    positions = list(range(len(days)))
    spend_axis.bar(positions, [float(cost) for _, cost, _ in days], color=SPEND_COLOUR, label=spend_label)
    spend_axis.set_xticks(positions, [day.strftime("%d.%m") for day, _, _ in days])
    spend_axis.set_ylabel(spend_label)
    clicks_axis = spend_axis.twinx()
    clicks_axis.plot(positions, [clicks for _, _, clicks in days], color=CLICKS_COLOUR, marker="o", label=clicks_label)
    clicks_axis.set_ylabel(clicks_label)
    clicks_axis.set_ylim(bottom=0)
    spend_axis.set_title(title)
    spend_axis.tick_params(axis="x", labelrotation=45 if len(days) > 10 else 0)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
