"""The router, shared sidebar and URL handling, on every language and several municipalities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foresight.i18n import t
from tests.app.conftest import layout, run_app, texts, widget


@pytest.mark.parametrize(
    ("code", "lang", "title"),
    [
        ("091", "fi", "Helsinki lyhyesti"),
        ("091", "sv", "Helsingfors i korthet"),
        ("297", "en", "Kuopio at a glance"),
        ("478", "sv", "Mariehamn i korthet"),  # Åland: much data missing, must still render
        ("020", "fi", "Akaa lyhyesti"),
    ],
)
def test_glance_opens_from_link(code: str, lang: str, title: str) -> None:
    at = run_app(municipality=code, lang=lang)
    assert not at.exception
    assert at.title[0].value == title
    assert widget(at, "selectbox", "municipality").value == code
    assert len(at.metric) >= 15  # headline indicators with data
    body = texts(at)
    assert "CC BY 4.0" in body


def test_default_view_is_helsinki_in_finnish() -> None:
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Helsinki lyhyesti"
    assert at.query_params["municipality"] == "091"
    assert at.query_params["lang"] == "fi"


@pytest.mark.parametrize("bad", ["999", "abc", "<script>", "0911", "x" * 500])
def test_unknown_municipality_in_link_falls_back_with_message(bad: str) -> None:
    at = run_app(municipality=bad, lang="en")
    assert not at.exception
    assert at.title[0].value == "Helsinki at a glance"
    warnings = at.first_warnings
    assert any("No municipality" in w for w in warnings), warnings
    assert all(len(w) < 200 for w in warnings)  # a tampered value is cut, not echoed whole


def test_a_link_notice_goes_without_moving_the_page() -> None:
    at = run_app(municipality="999", lang="fi")
    shown = layout(at)
    assert any("kuntaa" in w.lower() for w in at.first_warnings), at.first_warnings
    at.run()  # the next run: the notice has been said
    assert not [w for w in at.warning if str(w.value) in at.first_warnings]
    assert layout(at) == shown


def test_unknown_language_falls_back_to_finnish() -> None:
    at = run_app(lang="de", municipality="297")
    assert not at.exception
    assert at.title[0].value == "Kuopio lyhyesti"
    assert any("Kieltä" in w for w in at.first_warnings)


def test_switching_municipality_and_language_updates_page_and_url() -> None:
    at = run_app()
    widget(at, "selectbox", "municipality").set_value("297").run()
    assert at.title[0].value == "Kuopio lyhyesti"
    widget(at, "radio", "lang").set_value("sv").run()
    assert at.title[0].value == "Kuopio i korthet"
    assert at.query_params["municipality"] == "297"
    assert at.query_params["lang"] == "sv"
    assert not at.warning  # the link notice is shown once, not on every rerun


def test_missing_snapshot_names_build_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUNTALUOTAIN_SNAPSHOT", str(tmp_path))
    at = run_app(lang="en")
    assert not at.exception
    assert "python -m foresight.build" in at.error[0].value


def test_corrupt_snapshot_names_build_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(__file__).resolve().parents[2] / "data" / "snapshot"
    for item in source.iterdir():
        shutil.copy(item, tmp_path / item.name)
    (tmp_path / "observations.parquet").write_bytes(b"not parquet at all")
    monkeypatch.setenv("KUNTALUOTAIN_SNAPSHOT", str(tmp_path))
    at = run_app(lang="sv")
    assert not at.exception
    assert "python -m foresight.build" in at.error[0].value
    assert at.error[0].value.startswith("Appens data")


def test_no_data_is_said_plainly() -> None:
    # Åland municipalities lack the mainland employment statistics.
    at = run_app(municipality="318", lang="en")
    body = texts(at)
    assert t("msg.no_data", "en") not in body or "No data for Kökar" in body
    assert "No data for Kökar" in body


def test_small_non_member_opens_with_similar_municipalities() -> None:
    # Sievi (746) is in no USO season: it opens against structurally similar municipalities, not cities.
    at = run_app("pages/situation.py", municipality="746", lang="en")
    assert not at.exception
    assert at.session_state["peer_kind"] == "similar"
    assert (
        "Peer group: The most similar municipalities – Sievi and 7 other municipalities;"
        " ranks are counted among these 8." in texts(at)
    )
    # A member (Kuopio, USO4) keeps the network; switching to Sievi follows Sievi's default...
    at = run_app("pages/situation.py", municipality="297", lang="en")
    assert at.session_state["peer_kind"] == "network"
    assert "so the peer group is now" not in texts(at)
    widget(at, "selectbox", "municipality").set_value("746").run()
    assert at.session_state["peer_kind"] == "similar"
    # ...and says so on the page, on that run only (the group must not change silently)...
    said = (
        "Sievi is not in the USO network, so the peer group is now “Structurally similar”. You can change it."
    )
    assert said in [i.value for i in at.info]
    at.run()
    assert said not in texts(at)
    # ...but a group the user chose on the page is kept when the municipality changes.
    at.segmented_control(key="w_peer_kind_page_en").set_value("region").run()
    assert at.session_state["peer_kind"] == "region"
    assert "Same region (North Ostrobothnia)" in texts(at)
    widget(at, "selectbox", "municipality").set_value("297").run()
    assert at.session_state["peer_kind"] == "region"


def test_projector_mode_from_the_link_and_the_toggle() -> None:
    at = run_app("pages/situation.py", municipality="297", lang="fi", projector="1")
    assert not at.exception
    assert at.session_state["projector"] is True
    assert at.query_params["projector"] == "1"
    assert any("kl-projector" in str(h.proto.body) for h in at.get("html"))
    widget(at, "toggle", "projector").set_value(False).run()
    assert "projector" not in at.query_params
    assert not any("kl-projector" in str(h.proto.body) for h in at.get("html"))


def test_projector_mode_draws_chart_text_at_18_px() -> None:
    import json

    at = run_app("pages/trends.py", municipality="297", lang="fi", projector="1")
    assert not at.exception
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["font"]["size"] >= 18


@pytest.mark.parametrize(
    ("lang", "expected", "complete"),
    [
        ("fi", "USO4\u2009·\u20092017\u20132018\u2009·\u200929 kuntaa", "USO4 täydellinen jäsenluettelo"),
        ("sv", "USO4\u2009·\u20092017\u20132018\u2009·\u200929 kommuner", "USO4 fullständig medlemslista"),
        ("en", "USO4\u2009·\u20092017\u20132018\u2009·\u200929 members", "USO4 complete member list"),
    ],
)
def test_network_season_option_is_short_with_an_en_dash_and_its_status_in_help(
    lang: str, expected: str, complete: str
) -> None:
    at = run_app("pages/situation.py", municipality="297", lang=lang, peers="network", season="USO4")
    assert not at.exception
    box = widget(at, "selectbox", "peer_season")
    labels = list(box.options)  # as shown
    assert expected in labels
    assert all(len(label) <= 40 for label in labels) and not [x for x in labels if "-" in x]
    assert complete in box.help and "USO3" in box.help
