"""Figures: the map's classes, outlines, size and offline drawing; the band and ranking charts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight import charts
from foresight.snapshot import load_snapshot

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "properties": {"code": c},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, 60], [x + 1, 60], [x + 1, 61], [x, 61], [x, 60]]],
            },
        }
        for c, x in (("001", 20), ("002", 22), ("003", 24), ("004", 26))
    ],
}


def test_outlines_separate_rings_with_gaps() -> None:
    shapes = charts.outlines(SQUARE)
    xs, ys = shapes["002"]
    assert list(xs[:5]) == [22, 23, 23, 22, 22]
    assert np.isnan(xs[5]) and np.isnan(ys[5])


def test_classes_are_rising_quantile_breaks() -> None:
    breaks = charts.classes(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), n=2)
    assert breaks == [1.0, 3.5, 6.0]
    assert charts.classes(pd.Series([2.0, 2.0])) == [2.0, 2.0]


def test_map_on_literal_shapes_outlines_municipality_and_peers() -> None:
    values = pd.Series({"001": 1.0, "002": 2.0, "003": 3.0})
    fig = charts.choropleth(
        charts.outlines(SQUARE),
        values,
        {"001": "A"},
        "001",
        ["002"],
        "fi",
        1,
        1,
        "%",
        no_data_label="ei tietoa",
    )
    names = [tr.name for tr in fig.data]
    assert "ei tietoa" in names  # 004 has no value
    outline_widths = sorted(tr.line.width for tr in fig.data if tr.fill != "toself")
    assert outline_widths == [1.6, 3.5]
    assert fig.layout.yaxis.scaleanchor == "x"


def test_map_draws_a_missing_value_as_no_data_with_a_hatch() -> None:
    # 002 has a row but no value (NaN): it must not vanish from the map; "no data" differs from the palest
    # class by a hatch, not only by a shade of grey (WCAG 1.4.1).
    values = pd.Series({"001": 1.0, "002": float("nan"), "003": 3.0})
    fig = charts.choropleth(
        charts.outlines(SQUARE), values, {}, "001", [], "fi", 1, no_data_label="ei tietoa"
    )
    (no_data,) = [tr for tr in fig.data if tr.name == "ei tietoa"]
    rings = int(np.isnan(np.asarray(no_data.x, dtype=float)).sum())
    assert rings == 2  # 002 and 004 (no row at all)
    assert no_data.fillpattern.shape == "/"
    classed = [tr for tr in fig.data if tr.fill == "toself" and tr.name != "ei tietoa"]
    assert all(not tr.fillpattern.shape for tr in classed)


@pytest.fixture(scope="module")
def real_map():
    snap = load_snapshot()
    obs = snap.observations
    values = obs[(obs.indicator == "unemployment_rate") & (obs.year == 2018)].set_index("municipality")[
        "value"
    ]
    reg = snap.municipalities.set_index("code")
    labels = {c: (x, y) for c, x, y in zip(reg.index, reg.label_lon, reg.label_lat, strict=True)}
    return charts.choropleth(
        charts.outlines(snap.boundaries),
        values,
        reg.name_fi.to_dict(),
        "297",
        ["091", "179", "853"],
        "fi",
        -1,
        1,
        "%",
        labels,
    )


def test_whole_country_map_is_under_150_kb(real_map) -> None:
    size = len(real_map.to_json().encode("utf-8"))
    assert 50_000 < size < 150_000


def test_map_draws_every_municipality_once(real_map) -> None:
    filled = [tr for tr in real_map.data if tr.fill == "toself"]
    assert sum(int(np.isnan(np.asarray(tr.x, dtype=float)).sum()) for tr in filled) >= 308  # >= 1 ring each
    hover = [tr for tr in real_map.data if tr.mode == "markers"][0]
    assert len(hover.x) == 308


def test_band_chart_has_municipality_on_top_in_its_colour() -> None:
    own = pd.Series([1.0, 2.0, 3.0], index=[2014, 2015, 2016])
    band = pd.DataFrame(
        {
            "min": [0, 0, 0],
            "q1": [1, 1, 1],
            "median": [2, 2, 2],
            "q3": [3, 3, 3],
            "max": [4, 4, 4],
            "n": [5, 5, 5],
        },
        index=[2014, 2015, 2016],
    )
    labels = {"range": "r", "iqr": "i", "median": "m"}
    fig = charts.band(own, band, "Kuopio", "fi", labels)
    assert fig.data[-1].name == "Kuopio"
    assert fig.data[-1].line.color == charts.MUNICIPALITY_COLOUR
    assert fig.layout.separators == ",\u00a0"


def test_ranking_bar_colours_the_municipality() -> None:
    frame = pd.DataFrame(
        {"municipality": ["091", "297"], "name": ["Helsinki", "Kuopio"], "value": [2.0, 1.0], "rank": [1, 2]}
    )
    fig = charts.ranking_bar(frame, "297", "en")
    assert list(fig.data[0].marker.color) == [charts.PEER_COLOUR, charts.MUNICIPALITY_COLOUR]
    assert list(fig.data[0].y) == ["1. Helsinki", "<b>2. Kuopio ◀</b>"]
    # Not by colour alone (WCAG 1.4.1): the bar also carries a hatch and its label is bold with a pointer.
    assert list(fig.data[0].marker.pattern.shape) == ["", "/"]


def test_missing_years_break_the_line() -> None:
    from foresight.charts import history
    from foresight.format import with_gaps

    # Test data: 2019 and 2020 missing between 2018 and 2021.
    xs, ys = with_gaps([2017, 2018, 2021, 2022], [1.0, 2.0, 3.0, 4.0])
    assert xs == [2017, 2018, 2019, 2021, 2022]
    assert ys == [1.0, 2.0, None, 3.0, 4.0]
    fig = history([2017, 2018, 2021], [1.0, 2.0, 3.0], "x", "fi")
    assert list(fig.data[0].y) == [1.0, 2.0, None, 3.0]
    assert not fig.data[0].connectgaps


def test_svg_line_breaks_at_missing_years() -> None:
    from foresight.svg import line_chart

    svg = line_chart([2010, 2011, 2012, 2020], [1.0, 2.0, 3.0, 4.0])
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 1  # 2010–2012 a line, 2020 a point alone


def test_peer_band_breaks_at_missing_years() -> None:
    import pandas as pd

    from foresight.charts import band as band_chart

    # Test data: peers have values for 2019–2020 and 2025 only.
    band = pd.DataFrame(
        {
            "min": [1.0, 2, 3],
            "q1": [1.5, 2.5, 3.5],
            "median": [2.0, 3, 4],
            "q3": [2.5, 3.5, 4.5],
            "max": [3.0, 4, 5],
        },
        index=[2019, 2020, 2025],
    )
    own = pd.Series([2.0, 3.0, 4.0], index=[2019, 2020, 2025])
    labels = {"range": "r", "iqr": "i", "median": "m"}
    fig = band_chart(own, band, "Kuopio", "fi", labels)
    filled = [tr for tr in fig.data if tr.fill == "tonexty"]
    assert [list(tr.x) for tr in filled] == [[2019, 2020], [2019, 2020]]  # range and interquartile, 2019–2020
    # 2025 stands alone: its range and interquartile range are vertical bars, not a band bridging 2021–2024.
    bars = [tr for tr in fig.data if list(tr.x or []) == [2025, 2025]]
    assert [list(tr.y) for tr in bars] == [[3.0, 5.0], [3.5, 4.5]]
    median = next(tr for tr in fig.data if tr.name == "m")
    assert list(median.y) == [2.0, 3.0, None, 4.0]


def test_short_band_chart_ticks_each_year_once() -> None:
    # The review: an own series 2020–2022 had ticks '2020 2021 2021 2022 2022' (half years printed as years).
    own = pd.Series([1.0, 2.0, 3.0], index=[2020, 2021, 2022])
    empty = pd.DataFrame(columns=["min", "q1", "median", "q3", "max", "n"])
    fig = charts.band(own, empty, "Kuopio", "fi", {"range": "r", "iqr": "i", "median": "m"})
    axis = fig.layout.xaxis
    assert (axis.tickmode, axis.tick0, axis.dtick, axis.tickformat) == ("linear", 2020, 1, "d")


def test_long_band_chart_leaves_the_tick_step_to_plotly() -> None:
    # 1990–2025: a tick per year would crowd a phone; plotly's own step is whole years at this span.
    own = pd.Series(range(36), index=range(1990, 2026), dtype=float)
    empty = pd.DataFrame(columns=["min", "q1", "median", "q3", "max", "n"])
    fig = charts.band(own, empty, "Kuopio", "fi", {"range": "r", "iqr": "i", "median": "m"})
    assert fig.layout.xaxis.dtick is None and fig.layout.xaxis.tickformat == "d"


def test_year_axis_spans() -> None:
    assert charts.year_axis([2019, 2025]) == {
        "tickformat": "d",
        "tickmode": "linear",
        "tick0": 2019,
        "dtick": 1,
    }
    assert charts.year_axis([2018, 2025]) == {"tickformat": "d"}
    assert charts.year_axis([]) == {"tickformat": "d"}


def _trend_with_both_editions(lang: str = "fi"):  # type: ignore[no-untyped-def]
    from foresight import charts_projection

    history = pd.Series([100.0, 101.0, 102.0], index=[2023, 2024, 2025])
    forecast = pd.DataFrame(
        {
            "year": [2026, 2027, 2028, 2029, 2030],
            "mean": [103.0, 104.0, 105.0, 106.0, 107.0],
            **{k: [100.0] * 5 for k in ("lower_80", "lower_95")},
            **{k: [110.0] * 5 for k in ("upper_80", "upper_95")},
        }
    )
    years = list(range(2024, 2031))
    official = pd.DataFrame(
        {
            "edition": ["2019"] * 7 + ["2024"] * 7,
            "year": years * 2,
            "official": [99.0 + i for i in range(7)] + [101.0 + i for i in range(7)],
        }
    )
    labels = {k: k for k in charts_projection.LABEL_KEYS}
    return charts_projection.trend(
        history, forecast, lang, labels, official=official, official_labels={"2019": "e2019", "2024": "e2024"}
    )


def test_official_editions_differ_by_more_than_colour() -> None:
    # The review: both editions were dotted lines told apart only by shade (WCAG 1.4.1).
    fig = _trend_with_both_editions()
    old, new = (
        next(tr for tr in fig.data if tr.name == n and tr.showlegend is not False) for n in ("e2019", "e2024")
    )
    assert old.line.dash != new.line.dash
    # Their legend samples differ by a marker too: one edition's line carries markers, the other none.
    assert ("markers" in old.mode) != ("markers" in new.mode)
    # Neither looks like the trend (dashed) or the history (solid).
    trend_line = next(tr for tr in fig.data if tr.name == "trend")
    assert trend_line.line.dash not in (old.line.dash, new.line.dash)
    assert None not in (old.line.dash, new.line.dash) and "solid" not in (old.line.dash, new.line.dash)


@pytest.mark.parametrize(("lang", "separators"), [("fi", ",\u00a0"), ("sv", ",\u00a0"), ("en", ".,")])
def test_axis_numbers_follow_the_language_not_si_suffixes(lang: str, separators: str) -> None:
    # The review: "250k / 200k" on the compare page and "1000 / 1500" on Vuosikate, where tables write
    # "126 572". Plotly's default exponentformat "B" writes 250000 as "250k" and leaves 4 digits unseparated.
    empty = pd.DataFrame(columns=["min", "q1", "median", "q3", "max", "n"])
    own = pd.Series([250000.0, 240000.0], index=[2024, 2025])
    frame = pd.DataFrame(
        {"municipality": ["1", "2"], "name": ["A", "B"], "value": [250000.0, 1500.0], "rank": [1, 2]}
    )
    figures = {
        "band": charts.band(own, empty, "K", lang, {"range": "r", "iqr": "i", "median": "m"}),
        "ranking": charts.ranking_bar(frame, "1", lang),
        "history": charts.history([2024, 2025], [1000.0, 1500.0], "K", lang),
        "trend": _trend_with_both_editions(lang),
    }
    for name, fig in figures.items():
        layout = fig.layout
        assert layout.separators == separators, name
        value_axis = layout.xaxis if name == "ranking" else layout.yaxis
        assert (value_axis.exponentformat, value_axis.separatethousands) == ("none", True), name
        if name != "ranking":  # years stay "2025": a d3 "d" format, which plotly uses instead of the above
            assert layout.xaxis.tickformat == "d", name


def test_map_class_labels_never_share_a_bound() -> None:
    # The review: "101 – 2 217 as." then "2 217 – 4 204": 2 217 looked like it was in both classes.
    # 100, 200, …, 800 in quintiles: breaks at positions 1.4, 2.8, 4.2, 5.6 of 0…7 are 240, 380, 520, 660,
    # so the classes hold 100–200, 300, 400–500, 600, 700–800; each label is its class's lowest and highest.
    values = pd.Series({f"{i:03d}": 100.0 * i for i in range(1, 9)})
    shapes = {c: (np.array([0.0, 1.0, np.nan]), np.array([0.0, 1.0, np.nan])) for c in values.index}
    fig = charts.choropleth(shapes, values, {}, "001", [], "fi", 1, 0, "as.")
    labels = [tr.name for tr in fig.data if tr.fill == "toself"]
    assert labels == [
        "100–200\u00a0as.",
        "300\u00a0as.",
        "400–500\u00a0as.",
        "600\u00a0as.",
        "700–800\u00a0as.",
    ]
    # Classed on the values as shown: 2.06 and 2.14 both read "2,1", so they share a class (before, they
    # were two classes both labelled "2,1 – 2,1 %").
    one_decimal = pd.Series({"001": 1.0, "002": 2.06, "003": 2.14, "004": 3.0})
    fig = charts.choropleth(charts.outlines(SQUARE), one_decimal, {}, "001", [], "fi", 1, 1, "%")
    labels = [tr.name for tr in fig.data if tr.fill == "toself"]
    assert labels == ["1,0\u00a0%", "2,1\u00a0%", "3,0\u00a0%"]
    # A negative bound keeps the dash apart from its minus sign.
    signed = pd.Series({f"{i:03d}": float(i - 10) for i in range(1, 9)})  # −9 … −2: first class −9, −8
    fig = charts.choropleth(shapes, signed, {}, "001", [], "en", 1, 0)
    labels = [tr.name for tr in fig.data if tr.fill == "toself"]
    assert labels[0] == "\u22129 – \u22128"


def test_map_legend_sits_below_the_map() -> None:
    # On a 390 px phone the legend in the top corner lay under the mode bar and over northern Lapland.
    values = pd.Series({"001": 1.0, "002": 2.0, "003": 3.0})
    fig = charts.choropleth(charts.outlines(SQUARE), values, {}, "001", [], "fi", 1, 1, "%")
    legend = fig.layout.legend
    assert legend.orientation == "h" and legend.yanchor == "top" and legend.y <= 0
