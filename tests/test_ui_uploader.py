"""The uploader's texts in the page language (foresight/ui/uploader.py): scoped CSS and the naming script."""

from __future__ import annotations

import json
import re

import pytest

from foresight.format import NBSP
from foresight.ui import uploader

MIB = 1024 * 1024


def contents(css: str) -> list[str]:
    """The strings of every `content:` in a style sheet, CSS escapes undone."""
    found = re.findall(r'content:"((?:[^"\\]|\\.)*)"', css)
    return [re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), s) for s in found]


@pytest.mark.parametrize(
    ("lang", "button", "limit", "drop"),
    [
        ("fi", "Valitse tiedosto", f"Enintään 20{NBSP}Mt · CSV, TXT, XLSX", "Pudota tiedosto tähän"),
        ("sv", "Välj fil", f"Högst 20{NBSP}MB · CSV, TXT, XLSX", "Släpp filen här"),
        ("en", "Choose file", f"At most 20{NBSP}MB · CSV, TXT, XLSX", "Drop the file here"),
    ],
)
def test_css_draws_button_limit_and_drop_text_in_the_language(
    lang: str, button: str, limit: str, drop: str
) -> None:
    css = uploader.css("owndata_file", ["csv", "txt", "xlsx"], 20 * MIB, lang)
    assert contents(css) == [button, limit, drop]
    # every rule is scoped to this uploader, and Streamlit's own texts are hidden, not left beside ours
    rules = [r for r in css.removeprefix('<style id="kl-upload-owndata_file">').split("}") if "{" in r]
    assert all(r.startswith((".st-key-owndata_file ", '[data-testid="stElementContainer"]')) for r in rules)
    assert 'stMarkdownContainer"] p{display:none' in css
    assert 'stFileUploaderDropzoneInstructions"]>*{display:none' in css


def test_json_limits_are_the_apps_own() -> None:
    assert contents(uploader.css("sc_upload", ["json"], 200_000, "fi"))[1] == f"Enintään 200{NBSP}kt · JSON"
    assert (
        contents(uploader.css("scenario_upload_3", ["json"], 100_000, "sv"))[1] == f"Högst 100{NBSP}kB · JSON"
    )


def test_css_strings_cannot_be_broken_out_of() -> None:
    text = 'a"b\\c</style><script>x</script>\n'
    quoted = uploader.css_string(text)
    assert quoted.count('"') == 2 and "<" not in quoted and ">" not in quoted and "\n" not in quoted
    assert contents(f"content:{quoted}") == [text]


def test_a_key_that_is_not_a_css_class_is_refused() -> None:
    with pytest.raises(ValueError, match="not usable"):
        uploader.css('x"]{}body{display:none', ["json"], 1000, "fi")


def test_script_carries_the_languages_names_and_messages() -> None:
    script = uploader.script("owndata_file", ["csv", "xlsx"], 20 * MIB, "fi")
    assert script.startswith("<script>") and script.endswith("</script>") and "__TEXTS__" not in script
    texts = json.loads(re.search(r"klUploadTexts = (\{.*?\});", script).group(1))  # type: ignore[union-attr]
    assert texts["button"] == "Valitse tiedosto"
    assert texts["another"] == "Valitse toinen tiedosto"
    assert texts["remove"] == "Poista {name}"
    assert texts["decimal"] == ","
    assert texts["units"] == {"B": "t", "KB": "kt", "MB": "Mt", "GB": "Gt"}
    scope = json.loads(re.search(r"klUploadScopes \|\| \{\}, (\{.*?\}\})\)", script).group(1))  # type: ignore[union-attr]
    assert scope == {
        "owndata_file": {
            "too_large": f"Tiedosto on liian suuri (enintään 20{NBSP}Mt).",
            "wrong_type": "Tämän tyyppistä tiedostoa ei voi käyttää (sallitut: CSV, XLSX).",
        }
    }
    assert uploader.script("x", ["json"], 1000, "en").count("</script>") == 1
    quoted = uploader.script_json("</script>")
    assert json.loads(quoted) == "</script>" and "<" not in quoted
