"""The at-a-glance page's domain: key figures per indicator and the first screen's headline tiles."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from foresight import glance
from foresight.svg import sparkline

NBSP = "\u00a0"


def catalogue() -> pd.DataFrame:
    rows = [
        ("population", "population", "Väkiluku", "persons", 0, "", "Tilastokeskus", "CC BY 4.0"),
        (
            "share_65_plus",
            "population",
            "Yli 64-vuotiaiden osuus",
            "percent",
            1,
            "",
            "Tilastokeskus",
            "CC BY 4.0",
        ),
        (
            "unemployment_rate_month",
            "vitality",
            "Työttömyysaste",
            "percent",
            1,
            "2026-06",
            "TEM",
            "CC BY 4.0",
        ),
        (
            "median_income_eur",
            "wellbeing",
            "Mediaanitulo",
            "eur_per_inhabitant",
            0,
            "",
            "Tilastokeskus",
            "CC BY 4.0",
        ),
        (
            "income_tax_rate",
            "finances",
            "Vero <%>",
            "percent",
            2,
            "",
            "Verohallinto",
            "julkinen viranomaispäätös",
        ),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["id", "theme", "name_fi", "unit", "decimals", "latest_period", "source_fi", "licence_fi"],
    )
    return frame.set_index("id", drop=False)


# Population and the share of over-64s come from the same recorded edition; the jobseeker month has no
# provenance row, so the catalogue's source speaks for it.
PROVENANCE = pd.DataFrame(
    {
        "indicator": ["population", "share_65_plus", "income_tax_rate"],
        "first_year": [1990, 1990, 2026],
        "last_year": [2025, 2025, 2026],
        "edition": [2026, 2026, 2026],
        "source_fi": ["Tilastokeskus, StatFin 2026", "Tilastokeskus, StatFin 2026", "Verohallinto 2026"],
    }
)

CARDS: list[dict[str, object]] = [
    {"indicator": "population", "theme": "population", "value": 126572.0, "year": 2025},
    {"indicator": "share_65_plus", "theme": "population", "value": 22.84, "year": 2019},
    {"indicator": "unemployment_rate_month", "theme": "vitality", "value": 13.3, "year": 2026},
    {"indicator": "median_income_eur", "theme": "wellbeing", "last_year": 2024, "n_municipalities": 300},
    {"indicator": "income_tax_rate", "theme": "finances", "value": 8.1, "year": 2026},
]


def test_headline_tiles_keep_the_first_screens_order_and_number_their_sources() -> None:
    tiles, sources = glance.headline(CARDS, catalogue(), PROVENANCE, "fi", 2026)
    # Population change is not in the catalogue: left out. Median income has no value: its tile says so.
    assert [t.indicator for t in tiles] == [
        "population",
        "share_65_plus",
        "unemployment_rate_month",
        "median_income_eur",
        "income_tax_rate",
    ]
    assert [(t.value, t.unit) for t in tiles] == [
        (f"126{NBSP}572", "as."),
        ("22,8", "%"),
        ("13,3", "%"),
        ("", ""),
        ("8,10", "%"),
    ]
    # The monthly figure by its month.
    assert [t.when for t in tiles] == ["2025", "2019", "6/2026", "Ei tietoa tälle kunnalle", "2026"]
    assert sources == [
        "Tilastokeskus, StatFin 2026, CC BY 4.0.",
        "TEM, CC BY 4.0.",
        "Verohallinto 2026, julkinen viranomaispäätös.",
    ]
    assert [t.source for t in tiles] == [1, 1, 2, 0, 3]
    # 2019 is seven years before 2026: older than three years, so said in words; 2025 is not.
    assert tiles[1].old == "Vanha tieto: vuodelta 2019, 7 vuotta sitten."
    assert [t.old for t in (tiles[0], tiles[2], tiles[3], tiles[4])] == ["", "", "", ""]


def test_headline_without_provenance_names_the_catalogue_source() -> None:
    tiles, sources = glance.headline(CARDS[:1], catalogue(), None, "fi", 2026, ids=("population",))
    assert sources == ["Tilastokeskus, CC BY 4.0."]
    assert tiles[0].source == 1


class _Parts(HTMLParser):
    """Text per element kind, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        self.stack.append(f"{tag}.{cls}" if cls else tag)
        self.texts.setdefault(self.stack[-1], []).append("")

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for kind in self.stack:
            self.texts[kind][-1] += data


def test_headline_html_is_a_definition_list_with_years_and_numbered_sources() -> None:
    tiles, sources = glance.headline(CARDS, catalogue(), PROVENANCE, "fi", 2026)
    out = glance.headline_html(tiles, sources, "fi")
    parts = _Parts()
    parts.feed(out)
    assert parts.texts["h2"] == ["Tunnusluvut"]
    assert parts.texts["dt"] == [
        "Väkiluku",
        "Yli 64-vuotiaiden osuus",
        "Työttömyysaste",
        "Mediaanitulo",
        "Vero <%>",
    ]
    # The year with its source's number; the word 'lähde' is there for a screen reader, hidden on screen.
    assert parts.texts["dd.kl-when"] == [
        "2025 lähde 1",
        "2019 lähde 1",
        "6/2026 lähde 2",
        "Ei tietoa tälle kunnalle",
        "2026 lähde 3",
    ]
    # The number, then its unit in a span of its own that may go under it in a narrow tile.
    assert parts.texts["dd.kl-value"] == [f"126{NBSP}572 as.", "22,8 %", "13,3 %", "8,10 %"]
    assert parts.texts["span.kl-unit"] == ["as.", "%", "%", "%"]
    assert parts.texts["dd.kl-old"] == ["Vanha tieto: vuodelta 2019, 7 vuotta sitten."]
    assert parts.texts["li"] == sources
    assert "Vero &lt;%&gt;" in out  # names are escaped


@pytest.mark.parametrize(("lang", "heading"), [("sv", "Nyckeltal"), ("en", "Key figures")])
def test_headline_html_speaks_the_language(lang: str, heading: str) -> None:
    cat = catalogue()
    for column in ("name", "source", "licence"):
        cat[f"{column}_{lang}"] = cat[f"{column}_fi"]
    tiles, sources = glance.headline(CARDS, cat, None, lang, 2026)
    out = glance.headline_html(tiles, sources, lang)
    assert f">{heading}</h2>" in out
    assert "lähde" not in out and "Vanha" not in out


def test_key_figures_give_latest_value_year_and_changes() -> None:
    obs = pd.DataFrame(
        {
            "municipality": ["297"] * 11 + ["091"],
            "indicator": ["population"] * 11 + ["population"],
            "year": list(range(2015, 2026)) + [2025],
            "value": [100.0 + i for i in range(11)] + [5.0],
        }
    )
    cat = pd.DataFrame(
        {
            "id": ["population", "share_65_plus"],
            "theme": ["population", "population"],
            "headline": [True, True],
            "order": [1, 2],
            "last_year": [2025, 2025],
            "n_municipalities": [308, 308],
        }
    )
    records = glance.key_figures(obs, cat, "297")
    assert records[0]["value"] == 110.0 and records[0]["year"] == 2025
    assert records[0]["change_5"] == 5.0 and records[0]["change_10"] == 10.0  # 110 − 105, 110 − 100
    assert records[1] == {
        "indicator": "share_65_plus",
        "theme": "population",
        "last_year": 2025,
        "n_municipalities": 308,
    }


def test_a_stretched_sparkline_fills_its_box() -> None:
    assert 'preserveAspectRatio="none"' in sparkline([2020, 2021], [1.0, 2.0], "x", stretch=True)
    assert "preserveAspectRatio" not in sparkline([2020, 2021], [1.0, 2.0], "x")
