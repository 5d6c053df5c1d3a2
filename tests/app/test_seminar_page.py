"""The seminar page under AppTest: the USO 2017–2018 matrix in every language, theme filter, sorting, the 2030
picture with a shared target, presentation mode and the handout (real snapshot data)."""

from __future__ import annotations

import pytest

from foresight import scorecard as sc
from foresight import scorecard_store as store
from foresight.workshop import db
from tests.app.conftest import run_app, texts

PAGE = "pages/seminar.py"


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("KUNTALUOTAIN_DB_URL", url)
    return url


@pytest.mark.parametrize(
    ("lang", "heading", "group"),
    [
        ("fi", "Verkoston seminaari: jäsenet rinnakkain", "Kuopio ja 28 muuta kuntaa, yhteensä 29"),
        (
            "sv",
            "Nätverkets seminarium: medlemmarna sida vid sida",
            "Kuopio och 28 andra kommuner, sammanlagt 29",
        ),
        ("en", "Network seminar: members side by side", "Kuopio and 28 other municipalities, 29 in all"),
    ],
)
def test_uso4_matrix_in_every_language(lang: str, heading: str, group: str) -> None:
    at = run_app(PAGE, municipality="297", lang=lang, peers="network", season="USO4")
    assert not at.exception
    assert at.title[0].value == heading
    assert group in texts(at)
    assert len(at.get("plotly_chart")) == 2  # the matrix and the 2030 picture
    table = at.dataframe[0].value
    assert table.iloc[:, 0].nunique() == 29  # every member, Kuopio among them
    symbols = set(table.iloc[:, 4].str.split(" ").str[0])
    assert {"▲▲", "▼▼"} <= symbols  # never colour alone: the class is written out


def test_theme_filter_and_sort() -> None:
    at = run_app(PAGE, municipality="297", lang="en", peers="network", season="USO4")
    at.multiselect(key="sem_themes_en").set_value(["vitality"]).run()
    table = at.dataframe[0].value
    # The vitality theme's four headline indicators (the 2018 annual unemployment rate is no headline).
    assert table["Indicator"].nunique() == 4
    at.selectbox(key="sem_sort_en").set_value("unemployment_rate_month").run()
    part = at.dataframe[0].value
    rates = part[part["Indicator"] == part["Indicator"].iloc[0]]
    assert not at.exception and len(rates) == 29


def test_shared_target_appears_in_the_2030_picture(_store: str) -> None:
    engine = db.make_engine(_store)
    card = sc.Scorecard(
        "297", "", (sc.Goal("g1", "Työ", (sc.Item("employment_rate", 2020, 67.7, 72.0),)),), share=True
    )
    store.create(engine, card, "Anna")
    engine.dispose()
    at = run_app(PAGE, municipality="297", lang="en", peers="network", season="USO4")
    at.selectbox(key="sem_future_en").set_value("employment_rate").run()
    at.checkbox(key="sem_targets").check().run()
    assert not at.exception
    figure = at.get("plotly_chart")[1].proto.spec
    assert '"Saved target"' in figure and "Kuopio" in figure


def test_presentation_mode_is_kept_in_the_link() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", peers="network", season="USO4", mode="wall")
    assert at.toggle(key="sem_wall").value is True
    at.toggle(key="sem_wall").set_value(False).run()
    assert at.query_params["mode"] == "desk"


def test_old_rows_are_flagged_and_rows_without_any_value_are_said_in_words() -> None:
    import json

    at = run_app(PAGE, municipality="297", lang="fi", peers="network", season="USO4")
    assert not at.exception
    matrix = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = " ".join(str(a.get("text", "")) for a in matrix["layout"].get("annotations", []))
    labels += " " + json.dumps(matrix["data"], ensure_ascii=False)
    # Social assistance is known to 2011 only (Sotkanet 2013 dump): its row says the data are old.
    assert "Toimeentulotukea saaneet (2011, vanha tieto)" in labels
    # Greenhouse-gas figures (13 North Karelian municipalities only) are no headline: neither a row nor a note.
    assert "Kasvihuonekaasupäästöt" not in labels
    assert not [c for c in at.caption if "Kasvihuonekaasupäästöt" in str(c.value)]
    # Åland has no municipal elections on the mainland's day: no member of Kökar's region has turnout figures.
    at = run_app(PAGE, municipality="318", lang="fi", peers="region")
    assert not at.exception
    assert any(
        "Ei tietoa tälle ryhmälle" in str(c.value) and "Äänestysaktiivisuus kuntavaaleissa" in str(c.value)
        for c in at.caption
    )


def test_key_above_the_matrix_names_shown_classes_and_no_theme_is_said() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", peers="network", season="USO4")
    assert not at.exception
    key = next(c.value for c in at.caption if str(c.value).startswith("**▲▲** paras neljännes"))
    assert key.count("ei parempaa suuntaa") == 1  # said once for its four classes
    assert (
        "liian vähän arvoja" not in key
    )  # every USO4 indicator has enough members: no such cell, no such key
    at.multiselect(key="sem_themes_fi").set_value([]).run()
    assert not at.exception
    assert "Valitse vähintään yksi teema." in [str(i.value) for i in at.info]
    assert not at.get("plotly_chart")
    assert at.toggle(key="sem_wall").value is False  # the choices stay, to choose a theme again


def test_monthly_indicator_row_names_its_month() -> None:
    # The review: the matrix labelled the June 2026 unemployment rate "(2026)"; elsewhere it reads "6/2026".
    import json

    at = run_app(PAGE, municipality="297", lang="fi", peers="network", season="USO4")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    assert "Työttömyysaste, viimeisin kuukausi (6/2026)" in titles
