"""Own-data figures: every legend entry and the title say "own data"; the projection reaches its horizon."""

import pandas as pd

from foresight import charts_owndata
from foresight.charts import MUNICIPALITY_COLOUR

OWN = pd.Series([60.2, 61.0, 61.8, 62.1, 62.9], index=[2019, 2020, 2021, 2022, 2023])  # test data
BAND = pd.DataFrame(
    {
        "min": [50.0] * 5,
        "q1": [55.0] * 5,
        "median": [60.0] * 5,
        "q3": [65.0] * 5,
        "max": [70.0] * 5,
        "n": [5] * 5,
    },
    index=OWN.index,
)
LABELS = {"range": "Range", "iqr": "Middle half", "median": "Median"}


def test_band_labels_every_named_trace_as_own_data():
    fig = charts_owndata.band(OWN, BAND, "Kuopio", "en", LABELS, "Own data", "Survey", "%")
    names = [tr.name for tr in fig.data if tr.name]
    assert names == ["Range (Own data)", "Middle half (Own data)", "Median (Own data)", "Kuopio (Own data)"]
    assert fig.layout.title.text == "Survey · Own data"
    assert fig.data[-1].line.color == MUNICIPALITY_COLOUR


def test_projection_joins_history_and_reaches_the_horizon():
    forecast = pd.DataFrame(
        {
            "year": [2024, 2025],
            "mean": [63.5, 64.0],
            "lower_80": [63.0, 63.2],
            "upper_80": [64.0, 64.8],
            "lower_95": [62.5, 62.8],
            "upper_95": [64.5, 65.2],
        }
    )
    legend = {"history": "Observed", "trend": "Trend", "band_80": "80 % band", "band_95": "95 % band"}
    fig = charts_owndata.projection(OWN, forecast, "fi", legend, "Oma aineisto", "Kysely")
    trend = next(tr for tr in fig.data if tr.name == "Trend (Oma aineisto)")
    assert list(trend.x) == [2023, 2024, 2025] and list(trend.y) == [62.9, 63.5, 64.0]
    assert trend.line.dash == "dash"
    assert list(fig.layout.xaxis.range) == [2018.5, 2025.5]
    assert {tr.name for tr in fig.data if tr.name} == {
        "95 % band (Oma aineisto)",
        "80 % band (Oma aineisto)",
        "Trend (Oma aineisto)",
        "Observed (Oma aineisto)",
    }
