"""Every multiselect turns off Streamlit's "Select all": it is English on a Finnish page, and in a list with a
limit it silently picked the first options (the survey's picks, found in the 2026-12 review)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def multiselect_calls() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("foresight/**/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            # st.multiselect(...) itself, or bound(st.multiselect, ...): the widget passed to a helper
            names = [node.func, *node.args[:1]]
            if any(isinstance(n, ast.Attribute) and n.attr == "multiselect" for n in names):
                found.append((str(path.relative_to(ROOT)), node.lineno, node))
    return found


def test_every_multiselect_turns_off_select_all() -> None:
    calls = multiselect_calls()
    assert len(calls) >= 9  # the app's multiselects as of 2026-12 (the scan must find them)
    missing = [
        f"{path}:{line}"
        for path, line, call in calls
        if not any(
            k.arg == "select_all" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in call.keywords
        )
    ]
    assert missing == []
