"""Contrast ratios and colour-vision-deficiency simulation (foresight.a11y) and the app's palettes.

Expected values come from outside the code: the contrast of #828180 on white is the 3.88:1 axe-core
reported for Streamlit's caption grey; #767676 on white is WebAIM's well-known smallest grey passing 4.5:1;
Machado et al. (2009) map pure red to a dark yellow-olive under protanopia and leave grey unchanged.
"""

from __future__ import annotations

import pandas as pd
import pytest

from foresight import a11y
from foresight.svg import MUNICIPALITY_COLOUR, SERIES_COLOURS, VERDICT_COLOURS
from foresight.ui.theme import CAPTION_COLOUR, FOCUS_COLOUR, SIDEBAR_BACKGROUND

WHITE = "#ffffff"


def test_contrast_matches_published_figures() -> None:
    assert a11y.contrast("#000000", WHITE) == pytest.approx(21.0)
    assert a11y.contrast("#828180", WHITE) == pytest.approx(3.88, abs=0.01)  # axe-core on Streamlit's caption
    assert a11y.contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # WebAIM
    assert a11y.contrast(WHITE, "#777777") == a11y.contrast("#777777", WHITE)


def test_simulation_keeps_greys_and_moves_red() -> None:
    # Every row of each Machado matrix sums to 1, so a neutral grey is seen unchanged.
    for deficiency in a11y.MACHADO:
        assert a11y.simulate("#808080", deficiency) == pytest.approx((128, 128, 128), abs=0.6)
    r, g, b = a11y.simulate("#ff0000", "protanopia")
    # Linear (0.152, 0.115, 0) -> sRGB about (109, 96, 0): red turns a dark olive for a protanope.
    assert (r, g, b) == pytest.approx((109.5, 95.9, 0.0), abs=1.5)
    assert a11y.delta_e((255, 0, 0), (0, 128, 0)) > 100  # red and green apart in normal vision


def test_red_green_pair_collapses_under_deuteranopia() -> None:
    """The check can fail: a classic red/green pair is far apart normally, close for a deuteranope."""
    pair = ("#d62728", "#2ca02c")
    assert a11y.min_distance(pair) > 60
    assert a11y.min_distance(pair, "deuteranopia") < 20


@pytest.mark.parametrize("deficiency", [None, "protanopia", "deuteranopia"])
def test_series_palette_distinguishable(deficiency: str | None) -> None:
    assert a11y.min_distance((MUNICIPALITY_COLOUR, *SERIES_COLOURS), deficiency) >= 19


def test_series_palette_distinguishable_tritanopia() -> None:
    assert a11y.min_distance((MUNICIPALITY_COLOUR, *SERIES_COLOURS), "tritanopia") >= 15


def test_chart_colours_contrast_with_white() -> None:
    for colour in (MUNICIPALITY_COLOUR, *SERIES_COLOURS, *VERDICT_COLOURS.values()):
        assert a11y.contrast(colour, WHITE) >= a11y.GRAPHIC_CONTRAST, colour


def test_theme_text_colours_meet_aa() -> None:
    for background in (WHITE, SIDEBAR_BACKGROUND):
        assert a11y.contrast(CAPTION_COLOUR, background) >= a11y.TEXT_CONTRAST
        assert a11y.contrast(FOCUS_COLOUR, background) >= a11y.GRAPHIC_CONTRAST


def test_figure_summary_and_table_from_a_literal_figure() -> None:
    import plotly.graph_objects as go

    fig = go.Figure()
    # A band: an unnamed lower line, then the named upper line filled down to it.
    fig.add_trace(go.Scatter(x=[2014, 2016], y=[0.5, 1.5], mode="lines", showlegend=False))
    fig.add_trace(go.Scatter(x=[2014, 2016], y=[3.0, 4.0], mode="lines", fill="tonexty", name="Vaihteluväli"))
    fig.add_trace(go.Scatter(x=[2014, 2015, 2016], y=[1.0, None, 3.5], mode="lines", name="<b>Kuopio</b>"))
    fig.update_layout(title_text="Työttömyysaste", yaxis_title="%")
    assert a11y.figure_summary(fig, "fi") == (
        "Viivakaavio: Työttömyysaste. Sarjat: Vaihteluväli, Kuopio. Arvot: %. Vaaka-akselilla 2014–2016."
    )
    table = a11y.figure_table(fig, "fi")
    assert list(table.columns) == [
        "Vaaka-akseli",
        "Vaihteluväli – alaraja",
        "Vaihteluväli – yläraja",
        "Kuopio",
    ]
    # Missing values stay missing (a dash); decimal comma; one number of decimals for the whole chart.
    assert table.values.tolist() == [
        ["2014", "0,50", "3,00", "1,00"],
        ["2015", "–", "–", "–"],
        ["2016", "1,50", "4,00", "3,50"],
    ]
    people = go.Figure(go.Scatter(x=[2014, 2016], y=[1200.0, 2500.4], mode="lines", name="Väkiluku"))
    assert a11y.figure_table(people, "fi").values.tolist() == [["2014", "1\u00a0200"], ["2016", "2\u00a0500"]]


def test_horizontal_bars_table_puts_the_category_first() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[5.0, 17.26], y=["Kuopio", "Oulu"], orientation="h", name="2018"))
    fig.update_layout(xaxis_title="%")
    assert a11y.figure_summary(fig, "en") == "Bar chart. Series: 2018. Values: %."
    table = a11y.figure_table(fig, "en")
    assert list(table.columns) == ["Category", "2018"]
    assert table.values.tolist() == [["Kuopio", "5.0"], ["Oulu", "17.3"]]


def test_bar_table_drops_the_highlight_markup() -> None:
    from foresight import charts

    frame = pd.DataFrame(
        {"municipality": ["091", "297"], "name": ["Helsinki", "Kuopio"], "value": [2.0, 1.0], "rank": [1, 2]}
    )
    table = a11y.figure_table(charts.ranking_bar(frame, "297", "en"), "en")
    assert table.iloc[:, 0].tolist() == ["1. Helsinki", "2. Kuopio"]


def test_sparkline_has_a_text_alternative_and_breaks_at_a_gap() -> None:
    from foresight.svg import sparkline

    out = sparkline([2014, 2015, 2017, 2018], [1.0, 2.0, 3.0, 5.0], "Kuopio <2014–2018>")
    assert 'role="img"' in out and 'aria-label="Kuopio &lt;2014–2018&gt;"' in out
    assert "<title>Kuopio &lt;2014–2018&gt;</title>" in out
    # 2016 is missing: two lines (2014–2015 and 2017–2018), not one bridging the gap.
    assert out.count("<polyline") == 2
    # Both ends on the frame: x from 2 to 178 of 180, the lowest value at the bottom (48 - 3), the highest at 3.
    assert 'points="2.0,45.0 46.0,34.5"' in out and "134.0,24.0 178.0,3.0" in out


def test_charts_do_not_capture_touch_or_show_english_tips() -> None:
    from foresight.ui.theme import CHART_CONFIG

    assert CHART_CONFIG["scrollZoom"] is False and CHART_CONFIG["doubleClick"] is False
    assert CHART_CONFIG["showTips"] is False


def test_feedback_contact_from_the_environment() -> None:
    from foresight.a11y import A11Y_CONTACT_ENV, feedback_contact

    assert A11Y_CONTACT_ENV == "KUNTALUOTAIN_A11Y_CONTACT"
    assert feedback_contact({}) == ""
    assert feedback_contact({A11Y_CONTACT_ENV: "   "}) == ""
    assert (
        feedback_contact({A11Y_CONTACT_ENV: " kirjaamo@kunta.fi\n puh. 09 123 "})
        == "kirjaamo@kunta.fi puh. 09 123"
    )
