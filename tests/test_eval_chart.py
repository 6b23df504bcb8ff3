"""The eval chart drawn with real Qt (offscreen): the window and ``eval report --chart`` share it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.charts import render_svg, svg_to_png
from engine.routing.evals import svg_chart
from engine.routing.router import ModelStats

# 40 x 20: the left half red, the right half left to the white background.
HALF_RED = ("<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
            "<rect x='0' y='0' width='20' height='20' fill='#ff0000'/></svg>")
RED, WHITE = 0xFFFF0000, 0xFFFFFFFF


def test_render_draws_the_svg_at_its_size_and_scale(qapp: Any) -> None:
    image = render_svg(HALF_RED)
    assert (image.width(), image.height()) == (40, 20)
    assert (image.pixel(5, 10), image.pixel(35, 10)) == (RED, WHITE)
    double = render_svg(HALF_RED, scale=2.0)
    assert (double.width(), double.height()) == (80, 40)
    # (30, 20) lies in the red half at twice the size, (60, 20) in the white one.
    assert (double.pixel(30, 20), double.pixel(60, 20)) == (RED, WHITE)


def test_the_eval_chart_has_a_bar_per_model(qapp: Any, tmp_path: Path) -> None:
    stats = [ModelStats("default", "quick", 0.75, 4, 1.0, 40.0, 0.1),
             ModelStats("gemma3-270m", "quick", 0.5, 4, 2.0, 20.0, 0.2)]
    image = render_svg(svg_chart(stats))
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    # svg_chart's first two palette colours, one per model (sorted by name).
    assert {0xFFD9480F, 0xFF1971C2} <= colours
    target = tmp_path / "chart.png"
    svg_to_png(svg_chart(stats), target)
    from PySide6.QtGui import QImage

    saved = QImage(str(target))
    assert (saved.width(), saved.height()) == (image.width() * 2, image.height() * 2)
