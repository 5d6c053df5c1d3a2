"""Every municipality's at-a-glance and situation pages render on the fresh data (all 308, one app session)."""

from __future__ import annotations

import pytest

from foresight.snapshot import SNAPSHOT_DIR, load_table
from tests.app.conftest import run_app, widget


@pytest.mark.slow
@pytest.mark.parametrize("page", ["pages/glance.py", "pages/situation.py"])
def test_every_municipality_renders(page: str) -> None:
    register = load_table("municipalities", SNAPSHOT_DIR).set_index("code")
    assert len(register) == 308
    at = run_app(page, timeout=120, municipality="091")
    failed = []
    for code in sorted(register.index):
        widget(at, "selectbox", "municipality").set_value(code).run()  # as a user picks it in the sidebar
        if at.exception:
            failed.append((code, str(at.exception[0].value)[:200]))
        elif register.loc[code, "name_fi"] not in at.title[0].value:
            failed.append((code, f"title {at.title[0].value!r}"))
    assert not failed, failed[:5]
