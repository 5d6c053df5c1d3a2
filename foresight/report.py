"""The situation analysis as text and HTML: group labels, theme summaries, tables and the printable report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial
from html import escape
from typing import TYPE_CHECKING

import pandas as pd

from foresight import datasets, freshness, situation, small_numbers, svg
from foresight import format as fmt
from foresight.columns import INDICATOR, THEMES
from foresight.i18n import t, tn
from foresight.peers import PeerGroup

if TYPE_CHECKING:
    from foresight.survey import BordaRow
    from foresight.survey_store import Results, Survey


def group_label(group: PeerGroup, register: pd.DataFrame, code: str, lang: str) -> str:
    """A plain description of the peer group ('USO network, season USO4')."""
    spec = group.spec
    row = register.loc[code]
    if spec.kind == "network":
        return t("group.network", lang, season=spec.season)
    if spec.kind == "similar":
        return t("group.similar", lang, k=spec.k)
    if spec.kind in ("region", "subregion"):
        return t(f"group.{spec.kind}", lang, name=row[f"{spec.kind}_{lang}"])
    if spec.kind == "urban_rural":
        return t("group.urban_rural", lang, name=t(f"urban_rural.{row['urban_rural']}", lang))
    if spec.kind == "size_class":
        return t("group.size_class", lang, name=t(f"size_class.{row['size_class']}", lang))
    if spec.kind == "custom" and spec.name:
        return t("group.custom_named", lang, name=spec.name)
    return t(f"group.{spec.kind}", lang)


def group_line(group: PeerGroup, register: pd.DataFrame, code: str, lang: str) -> str:
    """'Peer group: … – Kuopio and 28 other municipalities; ranks are counted among these 29.'

    The peers exclude the municipality while its ranks count it in (16/29), so the line names both.
    """
    others = len([m for m in group.members if m != code])
    name = str(register.loc[code, f"name_{lang}"])
    label = group_label(group, register, code, lang)
    return tn("situation.group_line", others, lang, group=label, name=name, total=others + 1)


def seminar_group_line(
    group: PeerGroup, members: Sequence[str], register: pd.DataFrame, code: str, lang: str
) -> str:
    """The seminar matrix's rows said as the situation page says its group: the municipality and N others.

    A network season the municipality is not part of is counted without it, and that is said.
    """
    name = str(register.loc[code, f"name_{lang}"])
    label = group_label(group, register, code, lang)
    if code not in members:
        return tn("seminar.group_line_outside", len(members), lang, group=label, name=name)
    others = len(members) - 1
    return tn("seminar.group_line", others, lang, group=label, name=name, total=len(members))


def facts_line(row: pd.Series, lang: str) -> str:
    """'Pohjois-Savo · Kuopio · Urban · Finnish-speaking' for a register row."""
    return t(
        "glance.facts",
        lang,
        region=row[f"region_{lang}"],
        subregion=row[f"subregion_{lang}"],
        urban_rural=t(f"urban_rural.{row['urban_rural']}", lang),
        language=t(f"language_status.{row['language_status']}", lang),
    )


def _names(ids: Sequence[str], catalogue: pd.DataFrame, lang: str) -> str:
    """Indicator names in a sentence, apart by semicolons: a name may itself hold a comma."""
    return "; ".join(
        str(catalogue.loc[i, f"name_{lang}"]).lower()
        if lang != "en"
        else str(catalogue.loc[i, f"name_{lang}"])
        for i in ids
    )


def theme_sentences(
    table: pd.DataFrame, catalogue: pd.DataFrame, lang: str, current_year: int | None = None
) -> dict[str, list[str]]:
    """Per theme, a short generated summary: strengths, challenges, missing data and how old the data is."""
    year = current_year or dt.date.today().year
    summaries = situation.theme_summary(table, catalogue.reset_index(drop=True), year).set_index("theme")
    return {
        theme: _sentences(table[table["theme"] == theme], summaries.loc[theme], catalogue, lang, year)
        for theme in THEMES
    }


def _years_sentences(years: Sequence[int], lang: str, current_year: int) -> list[str]:
    """The range of the headline figures' latest years, where half of them end, and whether even the
    newest is old (a theme whose newest data is old says so)."""
    span = freshness.headline_years(years, current_year)
    if span is None:
        return []
    if span["first"] == span["last"]:
        out = [t("situation.summary.years_one", lang, year=span["last"])]
    elif (
        span["half_by"] == span["last"]
    ):  # "half from the newest year or older" would say nothing: count them
        n = sum(1 for y in years if int(y) == span["last"])
        out = [t("situation.summary.years_span_newest", lang, n=n, total=len(years), **span)]
    else:
        out = [t("situation.summary.years_span", lang, **span)]
    if span["old_age"] is not None:
        out.append(t("situation.summary.years_old", lang, year=span["last"], n=span["old_age"]))
    return out


def _sentences(
    part: pd.DataFrame, summary: pd.Series, catalogue: pd.DataFrame, lang: str, current_year: int
) -> list[str]:
    out: list[str] = []
    if summary["strengths"]:
        out.append(
            t("situation.summary.strengths", lang, items=_names(summary["strengths"], catalogue, lang))
        )
    if summary["challenges"]:
        out.append(
            t("situation.summary.challenges", lang, items=_names(summary["challenges"], catalogue, lang))
        )
    judged = part["status"].isin([situation.BETTER, situation.WORSE, situation.MIDDLE])
    if not out and judged.sum() > len(summary["old"]):  # some recent figure was judged, none stood out
        out.append(t("situation.summary.even", lang))
    if summary["old"]:  # judged on old figures: named apart, never as a strength or a challenge
        first, last = int(summary["old_first"]), int(summary["old_last"])
        out.append(
            t(
                "situation.summary.old",
                lang,
                years=str(first) if first == last else f"{first}–{last}",
                items=_names(summary["old"], catalogue, lang),
            )
        )
    if not judged.any() and (part["status"] == situation.TOO_FEW).any():
        out.append(t("situation.summary.too_few", lang))
    if summary["no_data"]:
        out.append(t("situation.summary.no_data", lang, items=_names(summary["no_data"], catalogue, lang)))
    thin = situation.thinned(part)
    if not thin.empty:
        items = "; ".join(
            t(
                "situation.summary.thinned_item",
                lang,
                name=_names([str(r.indicator)], catalogue, lang),
                n=r.missing,  # the count the verb agrees with: "1 of 28 peers has"
                total=r.n,
                year=r.year,
            )
            for r in thin.itertuples()
        )
        out.append(t("situation.summary.thinned", lang, items=items))
    years = (
        part[["indicator", "year"]].dropna()
        if "year" in part
        else pd.DataFrame(columns=["indicator", "year"])
    )
    periods = catalogue["latest_period"] if "latest_period" in catalogue else pd.Series(dtype=str)
    monthly = years["indicator"].map(periods).fillna("").astype(str) != ""
    out += _years_sentences([int(y) for y in years.loc[~monthly, "year"]], lang, current_year)
    for ident in years.loc[monthly, "indicator"]:  # a month is said as a month, not as the theme's year
        month = fmt.period(int(str(periods[ident])[:4]), str(periods[ident]))
        name = _names([ident], catalogue, lang)
        out.append(t("situation.summary.month", lang, name=name[:1].upper() + name[1:], period=month))
    return out


def _cell(ind: pd.Series, value: object, lang: str, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    unit = fmt.change_unit(str(ind["unit"])) if sign else str(ind["unit"])
    return escape(fmt.with_unit(float(value), int(ind["decimals"]), unit, lang, sign=sign))  # type: ignore[arg-type]


def theme_table(table: pd.DataFrame, catalogue: pd.DataFrame, theme: str, lang: str) -> str:
    """One theme's headline indicators as an HTML table with a range strip per indicator."""
    # The position (the verdict) beside the value, not last: a wide table scrolls sideways at 1280 px, and
    # what the row means must not be the part behind the scroll.
    # Nine columns were 905–991 px wide in a 791 px area at 1280 px (fi): the 5- and 10-year changes now share
    # a column, and so do the peers' median and range (the range under the median, in brackets).
    columns = ("indicator", "value", "position", "year", "change", "rank", "peers")
    titles = [escape(t(f"situation.col_{c}", lang)) for c in columns]
    head = "".join(f"<th>{title}</th>" for title in titles)
    # Each cell carries its column's title, so that on a phone a row can be shown as a card (CARD_CSS).
    lab = dict(zip(columns, (f' data-label="{title}"' for title in titles), strict=True))
    rows = []
    caveats: list[tuple[str, str]] = []  # (indicator name, caveat) in row order, numbered from 1
    ranked_polarities: set[bool] = set()  # whether the ranked rows have a better direction (True) or none
    for _, r in table[table["theme"] == theme].iterrows():
        ind = catalogue.loc[r["indicator"]]
        status = str(r["status"])
        name = escape(str(ind[f"name_{lang}"]))
        caveat = str(ind.get(f"caveat_{lang}", "") or "").strip()
        if caveat:  # a footnote mark in the row, the text under the table
            caveats.append((str(ind[f"name_{lang}"]), caveat))
            name += f'<sup class="fn">{len(caveats)}</sup>'
        if status == situation.NO_DATA:
            rows.append(
                f'<tr class="nodata"><td>{name}</td><td colspan="{len(columns) - 1}">{escape(t("situation.verdict.no_data", lang))}'
                "</td></tr>"
            )
            continue
        has_peers = not pd.isna(r.get("peer_median", float("nan")))
        # As an image: st.html drops inline SVG. Decorative (empty alt): the median and range are written beside it.
        strip = (
            svg.as_image(
                svg.range_strip(
                    r["value"],
                    r["peer_min"],
                    r["peer_q1"],
                    r["peer_median"],
                    r["peer_q3"],
                    r["peer_max"],
                    status,
                    label=str(ind[f"name_{lang}"]),
                )
            )
            if has_peers
            else ""
        )
        ranked = has_peers and not pd.isna(r.get("rank"))
        rank = t("situation.rank", lang, rank=int(r["rank"]), n=int(r["n_ranked"])) if ranked else "–"
        if ranked:
            ranked_polarities.add(int(ind["polarity"]) != 0)
        low = escape(fmt.number(float(r["peer_min"]), int(ind["decimals"]), lang)) if has_peers else ""
        peers_cell = (  # the unit once, at the range's end: "(3,4 – 9,5 %)"
            f'<span class="nw">{_cell(ind, r.get("peer_median"), lang)}</span><br>'
            f'<span class="nw">({low} –</span> <span class="nw">{_cell(ind, r["peer_max"], lang)})</span>'
            + (f"<br>{strip}" if strip else "")
            if has_peers
            else "–"
        )
        changes = "<br>".join(
            t(
                "situation.change_over",
                lang,
                years=n,
                change=f'<span class="nw">{_cell(ind, r.get(f"change_{n}"), lang, True)}</span>',
            )
            for n in (5, 10)
        )
        rows.append(
            f'<tr class="{escape(status)}"><td class="name">{name}</td>'
            f'<td class="num strong"{lab["value"]}>{_cell(ind, r["value"], lang)}</td>'
            f'<td{lab["position"]}><span class="badge {escape(status)}">'
            f"{escape(t(f'situation.verdict.{status}', lang))}</span></td>"
            f'<td class="num"{lab["year"]}>{fmt.period(int(r["year"]), str(ind.get("latest_period", "") or ""))}</td>'
            f'<td class="num"{lab["change"]}>{changes}</td>'
            f'<td class="num rank"{lab["rank"]}>{escape(rank)}</td>'
            f'<td class="peers"{lab["peers"]}>{peers_cell}</td></tr>'
        )
    # A wide table scrolls sideways in its own box, which the keyboard can reach (tabindex) and a screen
    # reader can name (role region): WCAG 1.4.10 reflow and axe-core's scrollable-region-focusable.
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{escape(t(f"theme.{theme}", lang))}">'
        f'<table class="situation"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        + rank_key(ranked_polarities, lang)
        + caveat_notes(caveats, lang)
    )


def rank_key(directed: set[bool], lang: str) -> str:
    """The line under a table saying what rank 1 means: the best (a row with a better direction), the
    largest value (a row without one), or both; empty when no row is ranked."""
    if not directed:
        return ""
    which = "mixed" if len(directed) == 2 else "best" if True in directed else "largest"
    text = t(f"situation.rank_key.{which}", lang, neutral=t("situation.verdict.neutral", lang))
    return f'<p class="rank-key">{escape(text)}</p>'


def caveat_notes(caveats: Sequence[tuple[str, str]], lang: str) -> str:
    """The numbered caveats under a situation table ('1 Name: caveat'); empty without any."""
    if not caveats:
        return ""
    items = "".join(f"<li><strong>{escape(n)}:</strong> {escape(c)}</li>" for n, c in caveats)
    return f'<p class="caveats">{escape(t("situation.caveats_heading", lang))}</p><ol class="caveats">{items}</ol>'


# On a narrow screen (a phone) each row of a situation table becomes a card of labelled values.
CARD_CSS = """@media (max-width:600px){table.situation thead{position:absolute;left:-9999px}
table.situation,table.situation tbody,table.situation tr,table.situation td{display:block;width:auto}
table.situation tr{border:1px solid #cbd2d9;border-radius:.5rem;margin:0 0 .7rem;padding:.3rem .6rem}
table.situation td{border:none;padding:.15rem 0;text-align:left;white-space:normal}
table.situation td.name{font-weight:700;font-size:1.05rem}
table.situation td[data-label]::before{content:attr(data-label) ": ";color:#52606d;font-weight:400}}"""

STYLE = """
body{font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;margin:2rem auto;max-width:1100px;
line-height:1.45;padding:0 1rem}
h1{font-size:2rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:3px solid #0b4f9c;padding-bottom:.2rem}
.sub{color:#52606d}.note{background:#f1f5f9;border-left:4px solid #0b4f9c;padding:.5rem .8rem;font-size:.95rem}
table.situation{border-collapse:collapse;width:100%;font-size:.92rem}
table.situation th{text-align:left;border-bottom:2px solid #cbd2d9;padding:.35rem;font-weight:600;vertical-align:bottom}
table.situation td{border-bottom:1px solid #e4e7eb;padding:.35rem;vertical-align:middle}
td.num,td.peers{text-align:right;white-space:nowrap}table.situation .nw{white-space:nowrap}td.strong{font-weight:700}
.badge{display:inline-block;padding:.1rem .45rem;border-radius:.6rem;font-size:.85rem;background:#eceff1}
.badge.better{background:#d3f0dc;color:#14532d}.badge.worse{background:#fbd9d6;color:#7f1d1d}
tr.nodata td{color:#52606d;font-style:italic}
table.situation td.peers img{display:block;width:100%;max-width:220px;min-width:90px;height:auto;margin:.2rem 0 0 auto}
ul.summary{margin:.3rem 0 .8rem 1.1rem;padding:0}
p.rank-key{margin:.4rem 0 0;font-size:.9rem;color:#3e4c59}sup.fn{font-size:.7em;font-weight:400;margin-left:.1em}p.caveats{margin:.5rem 0 0;font-size:.9rem;font-weight:600}
ol.caveats{margin:.2rem 0 .8rem 1.4rem;padding:0;font-size:.9rem;color:#3e4c59}figure{margin:.6rem 0}figcaption{font-size:.85rem;color:#52606d}
table.sources{border-collapse:collapse;font-size:.85rem;width:100%}table.sources td,table.sources th{border-bottom:1px solid
#e4e7eb;padding:.25rem;text-align:left;vertical-align:top}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr,figure{break-inside:avoid}
.theme{break-inside:auto}}
"""


# A residents' survey's results (survey_export.html_section): in the report's section and the summary file.
SURVEY_CSS = """
.survey-meta{color:#4a5261}.survey-note{background:#f1f5f9;border-left:4px solid #1f5fa8;padding:.5rem .8rem}
table.survey{border-collapse:collapse;width:100%;margin:.5rem 0}
table.survey caption{text-align:left;font-weight:600;padding:.2rem 0}
table.survey th,table.survey td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #dde2ea;vertical-align:top}
table.survey td.num,table.survey th.num{text-align:right;font-variant-numeric:tabular-nums}
ul.survey-open li{white-space:pre-wrap;margin:.3rem 0}.survey-wrap{overflow-x:auto}
@media print{table.survey tr{break-inside:avoid}}
"""


def document(
    code: str,
    group: PeerGroup,
    table: pd.DataFrame,
    catalogue: pd.DataFrame,
    register: pd.DataFrame,
    bands: dict[str, tuple[pd.Series, pd.DataFrame]],
    lang: str,
    today: dt.date | None = None,
    spans: Mapping[str, str] | None = None,
) -> str:
    """The whole self-contained report (inline CSS and SVG, no scripts, no external files).

    `bands` maps a theme to (the municipality's series, the peer band) of the indicator charted for it.
    """
    row = register.loc[code]
    name = str(row[f"name_{lang}"])
    today = today or dt.date.today()
    facts = facts_line(row, lang)
    parts = [
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('report.title', lang, name=name))}</title><style>{STYLE}{CARD_CSS}{SURVEY_CSS}</style></head><body>",
        f"<h1>{escape(t('report.title', lang, name=name))}</h1>",
        f'<p class="sub">{escape(t("report.subtitle", lang))}</p>',
        f"<p>{escape(facts)}</p>",
        f"<p><strong>{escape(group_line(group, register, code, lang))}</strong></p>",
    ]
    parts += [f'<p class="note">{escape(t(note, lang))}</p>' for note in group.notes]
    parts.append(f'<p class="note">{escape(t("situation.caveat_colour", lang))}</p>')
    parts.append(f'<p class="note">{escape(t("situation.strip_key", lang))}</p>')
    small = small_numbers.note(row.get("population"), name, lang)  # as on the situation page
    if small is not None:
        parts.append(f'<p class="note">{escape(small)}</p>')
    sentences = theme_sentences(table, catalogue, lang, today.year)
    for theme in THEMES:
        parts.append(f'<section class="theme"><h2>{escape(t(f"theme.{theme}", lang))}</h2>')
        parts.append(
            '<ul class="summary">' + "".join(f"<li>{escape(s)}</li>" for s in sentences[theme]) + "</ul>"
        )
        parts.append(theme_table(table, catalogue, theme, lang))
        if theme in bands:
            own, band = bands[theme]
            ind_id = str(own.name)
            ind = catalogue.loc[ind_id]
            chart = svg.line_chart(
                list(own.index),
                list(own.to_numpy()),
                (list(band.index), list(band["min"]), list(band["max"])) if not band.empty else None,
                label=str(ind[f"name_{lang}"]),
                tick=partial(fmt.number, decimals=int(ind["decimals"]), lang=lang),
            )
            caption = t("report.chart_caption", lang, indicator=ind[f"name_{lang}"], name=name)
            parts.append(f"<figure>{chart}<figcaption>{escape(caption)}</figcaption></figure>")
        parts.append("</section>")
    parts.append(RESIDENTS_MARK)
    names = register[f"name_{lang}"]
    parts.append(
        f"<h2>{escape(t('report.peers_heading', lang))}</h2><p>"
        + escape(", ".join(sorted(str(names.get(c, c)) for c in group.members)))
        + "</p>"
    )
    parts.append(f"<h2>{escape(t('report.sources_heading', lang))}</h2>")
    used = catalogue.loc[[i for i in table["indicator"] if i in catalogue.index]]
    parts.append(
        '<table class="sources"><thead><tr>'
        + "".join(
            f"<th>{escape(t(k, lang))}</th>"
            for k in (
                "sources.col_indicator",
                "sources.col_years",
                "sources.col_source",
                "sources.col_licence",
            )
        )
        + "</tr></thead><tbody>"
    )
    for ind_id, ind in used.iterrows():
        years = (spans or {}).get(str(ind_id)) or fmt.year_span(int(ind["first_year"]), int(ind["last_year"]))
        parts.append(
            f"<tr><td>{escape(str(ind[f'name_{lang}']))}</td><td>{years}</td>"
            f"<td>{escape(str(ind[f'source_{lang}']))}</td><td>{escape(str(ind[f'licence_{lang}']))}</td></tr>"
        )
    parts.append("</tbody></table>")
    parts.append(f'<p class="sub">{escape(t("report.credits", lang))}</p>')
    parts.append(f'<p class="sub">{escape(t("report.generated", lang, date=today.strftime("%d.%m.%Y")))}</p>')
    parts.append("</body></html>")
    return "".join(parts)


# Where the "what residents said" section goes: after the themes, before the peers and sources. The report
# itself is cached per municipality; the section (live survey data) is put in afterwards (with_residents).
# The downloaded file's name in the reader's language, ASCII only (ä/ö in file names break on some systems
# and in e-mail attachments): Swedish "lägesbild" is written "lagesbild".
FILE_STEMS = {"fi": "tilannekuva", "sv": "lagesbild", "en": "situation"}


def file_name(code: str, lang: str, extension: str) -> str:
    """'tilannekuva_297_fi.pdf', 'lagesbild_318_sv.html', 'situation_091_en.pdf'."""
    return f"{FILE_STEMS.get(lang, FILE_STEMS['fi'])}_{code}_{lang}.{extension}"


RESIDENTS_MARK = "<!--residents-->"


def residents_section(
    survey: Survey, res: Results, lang: str, council: Sequence[BordaRow] | None = None
) -> str:
    """The "what residents said" section: a published survey's results (escaped), labelled as the
    municipality's own survey, not official statistics, and with `council` (a workshop's theme ranking)
    the residents' and the workshop's theme places side by side. Only published surveys are accepted."""
    from foresight import survey_export

    if not survey.published:
        raise ValueError("only a published survey goes into the report")
    compare = ""
    if council and res.ranking and res.ranking[0].voters:
        compare = f"<h3>{escape(t('survey.compare.heading', lang))}</h3>" + survey_export.comparison_html(
            list(res.ranking), list(council), lang
        )
    return (
        '<section class="residents">'
        f"<h2>{escape(t('report.residents.heading', lang))}</h2>"
        f"<p>{escape(t('report.residents.intro', lang, title=survey.definition.title))}</p>"
        + survey_export.html_section(survey, res, lang, level=3)
        + compare
        + "</section>"
    )


def with_residents(document_html: str, section: str) -> str:
    """The report with the residents' section in its place (nothing when section is empty)."""
    return document_html.replace(RESIDENTS_MARK, section, 1)


def chart_bands(
    obs: pd.DataFrame, table: pd.DataFrame, code: str, members: Sequence[str]
) -> dict[str, tuple[pd.Series, pd.DataFrame]]:
    """Per theme, the first headline indicator with a history: the municipality's series and the peer band."""
    out: dict[str, tuple[pd.Series, pd.DataFrame]] = {}
    for theme in THEMES:
        for ind in table.loc[(table["theme"] == theme) & (table["status"] != situation.NO_DATA), "indicator"]:
            own = situation.series(obs, code, str(ind))
            if len(own) >= 3:
                own.name = str(ind)
                out[theme] = (own, situation.peer_band(obs, str(ind), members))
                break
    return out


def build(
    obs: pd.DataFrame,
    catalogue: pd.DataFrame,
    register: pd.DataFrame,
    code: str,
    group: PeerGroup,
    lang: str,
    today: dt.date | None = None,
) -> str:
    """The situation report for one municipality and peer group, ready to save as .html."""
    cat = catalogue.set_index("id", drop=False) if "id" in catalogue.columns else catalogue
    table = situation.overview(obs, cat.reset_index(drop=True), code, group.members)
    bands = chart_bands(obs, table, code, group.members)
    spans = datasets.observed_years(obs[obs[INDICATOR].isin(set(table["indicator"]))])
    return document(code, group, table, cat, register, bands, lang, today, spans)


# Debian's browser, and the flags it needs here: without the networking ones it keeps calling out to a
# closed network. Shared with the end-to-end tests.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)


def to_pdf(html: str, chromium: str = CHROMIUM, timeout: float = 60) -> bytes:
    """Print the report to PDF with headless Chromium (the machine's browser); raises OSError if unavailable."""
    import subprocess
    import tempfile
    from pathlib import Path

    if not Path(chromium).exists():
        raise OSError("chromium not found")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return out.read_bytes()
