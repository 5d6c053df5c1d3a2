"""Every municipality's scorecard (drafted from all six themes) and seminar view render: all 308, the three
languages in turn, in one app session each, picked in the sidebar as a user does."""

from __future__ import annotations

import pytest

from foresight import scorecard as sc
from foresight.columns import LANGUAGES
from foresight.snapshot import SNAPSHOT_DIR, load_table
from tests.app.conftest import run_app, widget


def _register():  # type: ignore[no-untyped-def]
    register = load_table("municipalities", SNAPSHOT_DIR).set_index("code")
    assert len(register) == 308
    return register


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KUNTALUOTAIN_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")


@pytest.mark.slow
def test_every_municipality_drafts_a_scorecard() -> None:
    register = _register()
    at = run_app("pages/scorecard.py", timeout=120, municipality="091")
    failed = []
    for i, code in enumerate(sorted(register.index)):
        lang = LANGUAGES[i % 3]
        widget(at, "radio", "lang").set_value(lang).run()
        widget(at, "selectbox", "municipality").set_value(code).run()
        at.multiselect(key=f"sc_themes_{lang}").set_value(list(sc.SUGGESTIONS)).run()
        at.button(key="sc_suggest").click().run()
        name = register.loc[code, f"name_{lang}"]
        if at.exception:
            failed.append((code, str(at.exception[0].value)[:200]))
        elif name not in at.title[0].value or not at.table:  # the overview: static tables (nothing cut)
            failed.append((code, f"title {at.title[0].value!r}, {len(at.table)} tables"))
    assert not failed, failed[:5]


@pytest.mark.slow
def test_every_municipality_has_a_seminar_view() -> None:
    register = _register()
    at = run_app("pages/seminar.py", timeout=120, municipality="091", peers="region")
    failed = []
    for i, code in enumerate(sorted(register.index)):
        widget(at, "radio", "lang").set_value(LANGUAGES[i % 3]).run()
        widget(at, "selectbox", "municipality").set_value(code).run()
        if at.exception:
            failed.append((code, str(at.exception[0].value)[:200]))
        elif len(at.get("plotly_chart")) < 1:
            failed.append((code, "no matrix"))
    assert not failed, failed[:5]
