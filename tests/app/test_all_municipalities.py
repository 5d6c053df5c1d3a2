"""Every analysis page renders for every municipality on the fresh data (all 308, one app session per page)."""

from __future__ import annotations

import pytest

from foresight.snapshot import SNAPSHOT_DIR, load_table
from tests.app.conftest import run_app, widget

# Pages whose title names the municipality (the others are checked for running without an exception).
TITLED = ("pages/glance.py", "pages/situation.py", "pages/trends.py")


@pytest.mark.slow
@pytest.mark.parametrize(
    "page",
    [
        "pages/glance.py",
        "pages/situation.py",
        "pages/compare.py",
        "pages/trends.py",
        "pages/scenarios.py",
        "pages/report.py",
    ],
)
def test_every_municipality_renders(page: str) -> None:
    register = load_table("municipalities", SNAPSHOT_DIR).set_index("code")
    assert len(register) == 308
    at = run_app(page, timeout=120, municipality="091")
    failed = []
    for code in sorted(register.index):
        widget(at, "selectbox", "municipality").set_value(code).run()  # as a user picks it in the sidebar
        if at.exception:
            failed.append((code, str(at.exception[0].value)[:200]))
        elif page in TITLED and register.loc[code, "name_fi"] not in at.title[0].value:
            failed.append((code, f"title {at.title[0].value!r}"))
    assert not failed, failed[:5]
