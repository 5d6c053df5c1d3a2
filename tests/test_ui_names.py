"""Streamlit's and Plotly's control names in the page language (foresight/ui/names.py): texts and the script."""

from __future__ import annotations

import json
import re

import pytest

from foresight.ui import names, theme


@pytest.mark.parametrize(
    ("lang", "help_text", "anchor", "sidebar", "png", "choose"),
    [
        (
            "fi",
            "Ohje: {label}",
            "Linkki tähän otsikkoon",
            "Sivupalkki",
            "Lataa kuvaaja PNG-kuvana",
            "Valitse",
        ),
        (
            "sv",
            "Hjälp: {label}",
            "Länk till rubriken",
            "Sidofält",
            "Ladda ner diagrammet som PNG-bild",
            "Välj",
        ),
        ("en", "Help: {label}", "Link to heading", "Sidebar", "Download chart as PNG", "Choose"),
    ],
)
def test_texts_per_language(
    lang: str, help_text: str, anchor: str, sidebar: str, png: str, choose: str
) -> None:
    texts = names.texts(lang)
    exact = texts["exact"]
    assert isinstance(exact, dict)
    assert exact["Link to heading"] == anchor
    assert exact["Sidebar"] == sidebar
    assert exact["Download plot as a PNG"] == png
    assert exact["Choose an option"] == choose
    assert ["Help for ", help_text] in texts["prefixed"]  # type: ignore[operator]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_name_has_a_text_and_renaming_cannot_loop(lang: str) -> None:
    texts = names.texts(lang)
    exact: dict[str, str] = texts["exact"]  # type: ignore[assignment]
    prefixed: list[list[str]] = texts["prefixed"]  # type: ignore[assignment]
    assert set(exact) == set(names.EXACT) and [p for p, _ in prefixed] == list(names.PREFIXED)
    for english, text in exact.items():
        assert text.strip()
        # a text put in place of an English name is not itself a different English name
        assert text not in exact or exact[text] == text, (english, text)
    for prefix, text in prefixed:
        assert text.count("{label}") == 1, text
        # renaming "Help for X" must not give a name that starts "Help for " again (unless unchanged)
        assert not text.startswith(prefix) or text == prefix + "{label}", text


def test_finnish_and_swedish_texts_are_not_english() -> None:
    for lang in ("fi", "sv"):
        exact: dict[str, str] = names.texts(lang)["exact"]  # type: ignore[assignment]
        same = {e for e, text in exact.items() if e == text}
        assert not same, (lang, same)


@pytest.mark.parametrize(
    ("lang", "one", "many", "selected", "title"),
    [
        (
            "fi",
            "{n} vaihtoehto saatavilla.",
            "{n} vaihtoehtoa saatavilla.",
            "{label}, valittu",
            "Sivua ei löytynyt",
        ),
        (
            "sv",
            "{n} alternativ tillgängligt.",
            "{n} alternativ tillgängliga.",
            "{label}, vald",
            "Sidan hittades inte",
        ),
        ("en", "{n} option available.", "{n} options available.", "{label}, selected", "Page not found"),
    ],
)
def test_texts_of_the_rules_that_are_not_one_name(
    lang: str, one: str, many: str, selected: str, title: str
) -> None:
    """The list's announcements keep the count's place ({n}) for the script; a scrolling table's name has the
    fold's label in it, or none; the missing page's dialog has a title and a text that says what happens."""
    texts = names.texts(lang)
    assert texts["count"] == [one, many]
    assert texts["selected"] == selected
    missing: list[str] = texts["missing_page"]  # type: ignore[assignment]
    assert missing[0] == title and missing[1].strip() and "pages/" not in missing[1]
    lost: list[str] = texts["no_connection"]  # type: ignore[assignment]
    assert len(lost) == 4 and all(text.strip() for text in lost)
    assert "Streamlit" not in " ".join(lost[:3])  # the reader meets the app, not the framework
    # a data table's statistics: Streamlit writes "26,624.5"; the page writes it as its language does
    assert texts["separators"] == (".," if lang == "en" else ",\u00a0")
    named, plain = texts["table"]  # type: ignore[misc]
    assert named.count("{label}") == 1 and "{" not in plain and plain.strip()


def test_script_carries_the_texts_and_cannot_be_closed_early() -> None:
    html = names.script("fi")
    assert html.startswith("<script>") and html.endswith("</script>")
    assert html.count("</script") == 1 and "__NAMES__" not in html
    data = re.search(r"w\.klNames = (.*?);\n", html)
    assert data is not None
    assert json.loads(data.group(1)) == names.texts("fi")


def test_script_json_escapes_what_could_end_a_script() -> None:
    text = names.script_json({"a": "</script><!-- ä"})
    assert "<" not in text
    assert json.loads(text) == {"a": "</script><!-- ä"}


def test_chart_mode_bar_keeps_the_image_download_and_drops_the_axis_tools() -> None:
    removed = set(theme.CHART_CONFIG["modeBarButtonsToRemove"])  # type: ignore[arg-type]
    assert {"zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"} <= removed
    assert "toImage" not in removed
    assert theme.CHART_CONFIG.get("displayModeBar") is not False


def test_the_map_keeps_its_zoom_and_pan_tools() -> None:
    assert theme.MAP_CHART_CONFIG["modeBarButtonsToRemove"] == []
    assert theme.MAP_CHART_CONFIG["scrollZoom"] is False


def test_the_lost_connection_dialog_names_a_command_this_project_has() -> None:
    from pathlib import Path

    command = names.texts("fi")["no_connection"][3]  # type: ignore[index]
    assert command == "bash scripts/run.sh"
    script = Path(__file__).resolve().parents[1] / command.split()[1]
    assert script.is_file() and "serve.py" in script.read_text(encoding="utf-8")
