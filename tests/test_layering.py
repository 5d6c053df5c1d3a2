"""foresight/ computes and never imports streamlit, except its one UI corner foresight/ui/."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "foresight"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_domain_package_does_not_import_streamlit() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and "streamlit" in imported_modules(path)
    ]
    assert offenders == []


def test_the_check_can_see_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from streamlit import session_state\n", encoding="utf-8")
    assert "streamlit" in imported_modules(sample)


def test_pages_do_not_read_files_or_fit_models() -> None:
    pages = Path(__file__).resolve().parents[1] / "pages"
    for path in pages.glob("*.py"):
        mods = imported_modules(path)
        assert not mods & {"statsmodels", "sklearn", "pyarrow", "openpyxl"}, path.name
        text = path.read_text(encoding="utf-8")
        assert "read_parquet" not in text and "open(" not in text, path.name


def test_app_code_does_not_import_scikit_learn() -> None:
    """Importing scikit-learn takes 1.5–2.5 s; the similar-municipality search is plain numpy (peers.py),
    so no page waits for it (tests/test_peers.py checks the search against scikit-learn's)."""
    root = PACKAGE.parent
    files = [*PACKAGE.rglob("*.py"), *(root / "pages").glob("*.py"), root / "app.py"]
    assert [str(p.relative_to(root)) for p in files if "sklearn" in imported_modules(p)] == []
