"""Every method, verdict and note the domain code can return has a text in fi, sv and en."""

from __future__ import annotations

from foresight import i18n
from foresight.projection import backtest as BT
from foresight.projection import official as O
from foresight.projection import targets as T
from foresight.projection.batch import WITH_OFFICIAL
from foresight.projection.methods import METHODS


def test_texts_exist_in_every_language() -> None:
    keys = [f"projection.method.{m}" for m in (*METHODS, WITH_OFFICIAL)]
    keys += [f"projection.method_help.{m}" for m in (*METHODS, WITH_OFFICIAL)]
    keys += [
        "projection.backtest.with_official",
        "projection.note.weak_indicator",
        "projection.note.naive_best",
        "projection.note.recent_check_failed",
    ]
    keys += [
        f"projection.track.{k}" for k in ("title", "municipality", "municipality_trend_only", "group", "how")
    ]
    keys += [f"projection.target.{v}" for v in T.VERDICTS]
    keys += [f"projection.official.{p}" for p in (O.INSIDE_80, O.INSIDE_95, O.ABOVE, O.BELOW)]
    keys += [f"projection.backtest.{k}" for k in (BT.ERROR_PERCENT, BT.ERROR_POINTS, BT.ERROR_UNITS)]
    for lang in ("fi", "sv", "en"):
        for key in keys:
            assert i18n.has(key, lang), (lang, key)
    assert not [p for p in i18n.problems() if "projection." in p]


def test_data_end_note_reads_naturally() -> None:
    text = i18n.t("projection.note.data_ends", "en", last_year=2016, n=14)
    assert text.startswith("The data end in 2016, so this projects 14 years ahead.")


def test_track_record_group_sentence_uses_the_group_figures() -> None:
    for lang in ("fi", "sv", "en"):
        text = i18n.t("projection.track.group", lang, n=3, group_trend="1,0", group_official="2,0")
        assert "1,0" in text and "2,0" in text


def test_backtest_of_the_average_with_the_official_projection_says_the_figure_is_the_trends() -> None:
    desc = {
        "method": WITH_OFFICIAL,
        "trend_method": "pooled",
        "error": 1.2,
        "error_kind": BT.ERROR_PERCENT,
        "error_horizon": 5,
        "n_origins": 10,
    }
    fi = BT.sentence(desc, "fi")
    assert "menetelmä (trendiosa: kolmen trendin ja kuntien yhteisen mallin keskiarvo) erehtyi" in fi
    assert "keskimäärin 1,2 %. Luku koskee vain trendiosaa" in fi
    en = BT.sentence(desc, "en")
    assert "(trend part: three trends and a cross-municipality model averaged)" in en
    assert "The figure is for the trend part only" in en
