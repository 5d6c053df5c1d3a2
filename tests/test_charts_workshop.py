"""Workshop figures: a typo stays off the guess histogram's axis; scenario dots carry their numbers."""

from __future__ import annotations

import pandas as pd

from foresight import charts_workshop
from foresight.workshop import guess

TITLES = {"x": "as.", "y": "Vastaajia", "median": "Ryhmän mediaani", "revealed": "Ennuste"}


def test_histogram_axis_leaves_the_typo_off():
    values = pd.Series([125.0, 127_000.0, 130_000.0])  # the review's room: "125" meant thousands
    axis = guess.axis_range(values.tolist(), 129_095)
    assert axis is not None
    fig = charts_workshop.guess_histogram(
        values, "fi", TITLES, revealed=129_095, interval=(126_555, 131_634), x_range=(axis.low, axis.high)
    )
    [bars] = [tr for tr in fig.data if tr.type == "histogram"]
    assert sorted(bars.x) == [127_000.0, 130_000.0]  # 125 is not binned, so it cannot stretch the axis
    low, high = fig.layout.xaxis.range
    assert 126_000 < low < 127_000 and 130_000 < high < 131_000
    # the median of 125, 127 000, 130 000 is 127 000 (on the axis): both labels present, apart
    notes = {a.text: a for a in fig.layout.annotations}
    assert notes["Ryhmän mediaani"].y != notes["Ennuste"].y


def test_scenario_dots_with_numbers_and_both_reference_lines():
    fig = charts_workshop.scenario_bars(
        ["Muuttoliike −2,0 ‰", "Syntyvyys +10 %"],
        [131_552.0, 134_100.0],
        "fi",
        reference=132_917.0,
        reference_label="Tilastokeskuksen ennuste (2024)",
        actual=126_572.0,
        actual_label="Asukkaita 2025",
    )
    [dots] = fig.data
    assert dots.mode == "markers+text" and list(dots.text) == ["131\u00a0552", "134\u00a0100"]
    texts = [a.text for a in fig.layout.annotations]
    assert "Tilastokeskuksen ennuste (2024) 132\u00a0917" in texts and "Asukkaita 2025 126\u00a0572" in texts
    low, high = fig.layout.xaxis.range
    assert low < 126_572 and high > 134_100  # every value and both lines inside the axis
    anchors = {a.text.split(" ")[0]: a.xanchor for a in fig.layout.annotations}
    assert anchors["Tilastokeskuksen"] == "right" and anchors["Asukkaita"] == "left"  # labels grow inwards
