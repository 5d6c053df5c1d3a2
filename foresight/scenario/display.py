"""The scenario page's words and tables: lever summaries, labels, and outcome rows formatted for a language.

Plain functions of frames from compare.py and the sketch, so the page only places them on screen.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from foresight import format as fmt
from foresight.i18n import t, tn
from foresight.scenario.levers import BY_ID
from foresight.scenario.model import OFFICIAL_YEARS_2024
from foresight.scenario.outputs import MEASURES, SERVICE_GROUPS
from foresight.scenario.scenario import PRESETS, Scenario, display_name

CURRENT = "current"  # the lever set on screen when it is an edited preset not yet saved
DECIMALS = {"dependency_ratio": 1}
PEER_LIST = 40  # longer peer rankings show the municipality's neighbourhood only
NEIGHBOURS = 12  # bars kept above and below the municipality in a long ranking


def decimals(measure: str) -> int:
    return DECIMALS.get(measure, 0)


def measure_label(measure: str, lang: str) -> str:
    return t(f"scenario.measure.{measure}", lang)


def description(scenario: Scenario, lang: str) -> str:
    """A preset's description in the language, or the user's own text."""
    return t(scenario.description, lang) if scenario.preset else scenario.description


def modified_name(template: Scenario, lang: str) -> str:
    """'Drifting (modified)': the name of a preset whose levers were moved. The baseline goes by its short
    name ('Baseline (modified)'): its full name already ends in brackets, and two in a row read badly."""
    name = t("scenario.preset.baseline.short", lang) if template.preset == "baseline" else None
    return f"{name or display_name(template, lang)} ({t('scenario.modified', lang)})"


def label(option: str, own: Mapping[str, Scenario], lang: str) -> str:
    """A picker label: a preset's name (storylines marked as interpretations) or the user's own name."""
    if option in PRESETS:
        text = display_name(PRESETS[option], lang)
        return f"{text} · {t('scenario.interpretation', lang)}" if PRESETS[option].interpretation else text
    if option in own:
        return f"{display_name(own[option], lang)} · {t('scenario.own', lang)}"
    return t("scenario.current", lang)


def linked_title(linked: Scenario, lang: str) -> str:
    """The name a scenario from a link is saved under: unnamed ones say so, edited presets say 'modified'."""
    if linked.name == "?":
        return t("scenario.from_link", lang)
    if linked.preset:
        return modified_name(linked, lang)
    return display_name(linked, lang)


def lever_places(lever_id: str, value: float) -> int:
    """Decimals for a lever value: its step's (persons a year: none; a 0.5 step: one), more if a link set more."""
    step = BY_ID[lever_id].step if lever_id in BY_ID else 0.1
    return max(fmt.places(step), fmt.places(value))


def summary(scenario: Scenario, lang: str) -> str:
    """The levers a scenario moves, in words: 'Births, change % −5,0; …; Start year 2026'."""
    changed = scenario.changed()
    parts = [
        f"{t(f'scenario.lever.{k}', lang)} {fmt.number(v, lever_places(k, v), lang, sign=True)}"
        for k, v in changed.items()
        if k != "start_year"
    ]
    if parts or "start_year" in changed:
        parts.append(f"{t('scenario.lever.start_year', lang)} {int(scenario.levers['start_year'])}")
    return "; ".join(parts) if parts else t("scenario.compare.neutral", lang)


MORE_MIGRATION = ("net_migration_rate", "net_migration_change")  # the levers in the folded migration section


def more_migration_in_use(levers: Mapping[str, float], lang: str) -> str | None:
    """The sentence beside the persons-a-year slider naming the folded migration levers that are not zero
    ('Also in use below: Migration, per mille of population −3,0.'), or None when all of them are zero."""
    parts = [
        f"{t(f'scenario.lever.{k}', lang)} {fmt.number(float(v), lever_places(k, float(v)), lang, sign=True)}"
        for k in MORE_MIGRATION
        if (v := levers.get(k, 0))
    ]
    return t("scenario.more_migration.in_use", lang, levers="; ".join(parts)) if parts else None


def cell(value: float, difference: float | None, places: int, lang: str) -> str:
    """'12 345 (−1 234)': a value and its difference from the baseline."""
    text = fmt.number(value, places, lang)
    if difference is None:
        return text
    return f"{text} ({fmt.number(difference, places, lang, sign=True)})"


def unique(label: str, taken: set[str]) -> str:
    """The label, or 'label (2)', 'label (3)', … when it is taken; the result is added to taken."""
    out, n = label, 2
    while out in taken:
        out, n = f"{label} ({n})", n + 1
    taken.add(out)
    return out


def stem(text: str) -> str:
    """A file-name part from a scenario name: lower-case ASCII letters, digits and underscores."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "skenaario"


def number_format(step: float) -> str:
    """The printf format of an input with this step: whole numbers, one or two decimals."""
    return "%.0f" if step >= 1 else "%.1f" if step >= 0.1 else "%.2f"


FEW_CHILDREN = 20  # children aged 0–6: below this one child is 5 % or more, and the answer says persons


def published(year: int, edition: str) -> bool:
    """Whether Statistics Finland published the edition's figure for the year (the 2019 edition: every year;
    the 2024 edition: 2024, 2035 and 2040 only, the years between being the model's)."""
    return edition != "2024" or int(year) in OFFICIAL_YEARS_2024


def baseline_in(year: int, edition: str, lang: str) -> str:
    """'in Statistics Finland's 2019 projection', or for a year the edition did not publish 'in the baseline
    (the model's estimate between the published years of …)': the baseline's figure is never called official
    where it is the model's."""
    key = "scenario.answer.baseline" if published(year, edition) else "scenario.answer.baseline.model"
    return t(key, lang, edition=edition)


def answer_text(found: Mapping[str, float], name: str, lang: str, edition: str) -> str:
    """compare.answer in one sentence: the total, its difference from the baseline (named as published or
    modelled for that year), children's change."""
    diff = round(found["difference"])
    key = (
        "scenario.answer.more"
        if diff > 0
        else "scenario.answer.fewer"
        if diff < 0
        else "scenario.answer.same"
    )
    # A per cent of a handful of children misleads (Kökar, 2019 edition: 3 → 9 is "+200 %"): say persons.
    few = min(found.get("children_start", math.inf), found.get("children_end", math.inf)) < FEW_CHILDREN
    return t(
        "scenario.answer.few" if few else "scenario.answer",
        lang,
        name=name,
        year=int(found["year"]),
        total=fmt.number(found["total"], 0, lang),
        difference=t(key, lang, n=fmt.number(abs(diff), 0, lang)),
        baseline=baseline_in(int(found["year"]), edition, lang),
        end=int(found["end"]),
        start=int(found["start"]),
        children=fmt.number(found["children_change_pct"], 0, lang, sign=True),
        kids_start=fmt.number(found.get("children_start", math.nan), 0, lang),
        kids_end=fmt.number(found.get("children_end", math.nan), 0, lang),
    )


def metric_help(year: int, edition: str, lang: str) -> str:
    """A key figure's help: what the scenario's population is and what its change is measured against."""
    key = "scenario.metric.help" if published(year, edition) else "scenario.metric.help.model"
    return t(key, lang, edition=edition, year=int(year))


def between_note(edition: str, years: Sequence[int], lang: str) -> str | None:
    """The sentence under a table of key years saying which of its baseline years are the model's estimates
    (the 2024 edition's years between 2024, 2035 and 2040); None when every year shown is published."""
    between = [int(y) for y in years if not published(int(y), edition)]
    if not between:
        return None
    return t("scenario.between", lang, years=", ".join(str(y) for y in between), edition=edition)


def young_assumed_text(assumed: float, lever: float, name: str, edition: str, lang: str) -> str:
    """The young adults' lever in words: the baseline's own net migration of 18–29-year-olds in 2026–2030,
    then what the lever makes of it.

    The 2019 edition publishes every year, so its 2026–2030 is Statistics Finland's own path; the 2024 edition
    publishes 2024, 2035 and 2040 only, so the same figure is the model's estimate between those years and is
    said so. Whole persons, rounded once, so the word agrees with the number ("1 nuoren aikuisen"); under half
    a person a year is said as such, not as "about 0".
    """
    family = "scenario.young.modelled" if edition == "2024" else "scenario.young.assumed"
    persons, chosen = round(abs(assumed)), round(assumed + lever)
    if persons == 0:
        said = t(f"{family}_none", lang, name=name, edition=edition)
    else:
        direction = t("scenario.young.gains" if assumed >= 0 else "scenario.young.loses", lang)
        said = tn(
            family,
            persons,
            lang,
            n=fmt.number(persons, 0, lang),
            name=name,
            direction=direction,
            edition=edition,
        )
    return (
        said + " " + tn("scenario.young.chosen", abs(chosen), lang, n=fmt.number(chosen, 0, lang, sign=True))
    )


def earlier_error_text(errors: pd.DataFrame, lang: str, edition: str = "2024") -> str | None:
    """The latest error of the earlier projection (official.error_so_far) in words, then which projection the
    scenarios start from; None when there is no error to say. The second sentence does not follow from the
    first: it is true whatever the error, small or large."""
    if errors.empty:
        return None
    last = errors.iloc[-1]
    said = t(
        "scenario.earlier_error",
        lang,
        year=int(last["year"]),
        official=fmt.number(float(last["official"]), 0, lang),
        actual=fmt.number(float(last["actual"]), 0, lang),
        error=fmt.number(float(last["error_pct"]), 1, lang, sign=True),
    )
    return f"{said} {t(f'scenario.earlier_error.base.{edition}', lang)}"


SMALL = 1000  # residents: below this the model's one-year age groups hold a few persons each


def small_caution(population: float | None, edition: str, lang: str) -> str | None:
    """A caution for a municipality under SMALL residents: its age groups are a few persons and jump from year
    to year, and why. The 2019 edition's figures are Statistics Finland's as published, whole persons by age
    and unsmoothed (Sottunga 84 in 2028, 83 in 2029, 85 in 2030); on the 2024 edition the years between the published
    ones are the model's, and its births there are the next published year's cohorts, a few whole persons
    each (Sottunga 3 born in 2027, 1 in 2028: 120 → 124 in 2027). None above SMALL."""
    if population is None or math.isnan(population) or population >= SMALL:
        return None
    text = t("scenario.small", lang, n=fmt.number(SMALL, 0, lang))
    return text + " " + t("scenario.small.2024" if edition == "2024" else "scenario.small.2019", lang)


def uncertainty_text(errors: pd.DataFrame, lang: str) -> str | None:
    """The measured error of the 2019 projection for this municipality, said by the key figures as the
    uncertainty of the official baseline (no band is made up); None when there is no error to say."""
    if errors.empty:
        return None
    last = errors.iloc[-1]
    return t(
        "scenario.uncertainty",
        lang,
        year=int(last["year"]),
        error=fmt.number(abs(float(last["error_pct"])), 1, lang),
        official=fmt.number(float(last["official"]), 0, lang),
        actual=fmt.number(float(last["actual"]), 0, lang),
    )


def metric_delta(difference: float, lang: str) -> dict[str, str]:
    """st.metric's delta arguments for a difference from the projection, the minus sign kept (the arrow and
    colour are set explicitly); a change under half a person is '±0' in grey with no arrow."""
    change = fmt.number(difference, 0, lang, sign=True)
    return {"delta": t("scenario.metric.delta", lang, change=change), **fmt.delta_style(difference, 1)}


def line_names(edition: str, current_name: str, lang: str) -> dict[str, str]:
    """Legend names of the outcome charts: the official projection by its edition, the scenario as one.

    The baseline storyline is called 'Baseline (following Statistics Finland's projection)'; without this the
    legend named two lines alike (the projection itself and the scenario computed from it).
    """
    key = "scenario.line.baseline.2024" if edition == "2024" else "scenario.line.baseline"
    return {
        "baseline": t(key, lang, edition=edition),
        CURRENT: t("scenario.line.scenario", lang, name=current_name),
    }


def outcome_frame(mine: pd.DataFrame, years: Sequence[int], lang: str) -> pd.DataFrame:
    """The key figures of one scenario: a row per measure, 'value (difference)' per year.

    `mine` is outcome_table for the scenario indexed by (measure, year); measures missing in the first year
    (employed residents without an employment rate) are left out.
    """
    rows = []
    for measure in [m for m in MEASURES if (m, years[0]) in mine.index]:
        entry = {t("scenario.table.measure", lang): measure_label(measure, lang)}
        for year in years:
            row = mine.loc[(measure, year)]
            entry[str(year)] = cell(row["value"], row["difference"], decimals(measure), lang)
        rows.append(entry)
    return pd.DataFrame(rows)


def group_frame(mine: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """The service age groups' bars in one year: label, hover, detail, difference_pct, text."""
    rows = []
    for group_id in SERVICE_GROUPS:
        row = mine.loc[(group_id, int(year))]
        rows.append(
            {
                "label": measure_label(group_id, lang),
                "hover": t(f"scenario.group.{group_id}", lang),
                "detail": t(
                    "scenario.groups.bar",
                    lang,
                    value=fmt.number(row["value"], 0, lang),
                    change=fmt.number(row["difference"], 0, lang, sign=True),
                ),
                "difference_pct": row["difference_pct"],
                "text": fmt.number(row["difference_pct"], 1, lang, sign=True) + " %",
            }
        )
    return pd.DataFrame(rows)


def sketch_frame(sketch: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The economy sketch as a table: a row per item, 'scenario (difference)' per year.

    Money is shown in € million a year, or in € thousand where a million would round everything away.
    """
    rows = []
    for item, part in sketch.groupby("item", sort=False):
        money = str(item).startswith("tax")
        small = money and float(part["baseline"].abs().max()) < 1e7
        scale = 1e3 if small else 1e6 if money else 1.0
        unit = t(str(part["unit"].iloc[0]), lang)
        if money:
            unit = t("scenario.unit.keur_per_year" if small else "scenario.unit.meur_per_year", lang)
        entry = {t("scenario.table.item", lang): f"{t(f'scenario.economy.item.{item}', lang)} ({unit})"}
        places = 1 if money and not small else 0
        for _, row in part.iterrows():
            entry[str(int(row["year"]))] = (
                f"{fmt.number(row['scenario'] / scale, places, lang)} "
                f"({fmt.number(row['difference'] / scale, places, lang, sign=True)})"
            )
        rows.append(entry)
    return pd.DataFrame(rows)


def compare_labels(
    chosen: Sequence[str],
    current: Scenario,
    current_name: str,
    own: Mapping[str, Scenario],
    lang: str,
) -> tuple[dict[str, Scenario], dict[str, str]]:
    """The chosen scenarios by option id, and every line's label (the baseline first), none repeated."""
    labels: dict[str, str] = {"baseline": t("scenario.compare.baseline", lang)}
    taken = set(labels.values())
    scenarios: dict[str, Scenario] = {}
    for option in chosen:
        scenario = current if option == CURRENT else PRESETS[option] if option in PRESETS else own[option]
        scenarios[option] = scenario
        labels[option] = unique(current_name if option == CURRENT else display_name(scenario, lang), taken)
    return scenarios, labels


def compare_frame(
    table: pd.DataFrame, labels: Mapping[str, str], years: Sequence[int], lang: str
) -> pd.DataFrame:
    """Outcome table of several scenarios: a row per measure and year, a column per scenario.

    `table` is outcome_table; `labels` holds "baseline" and each scenario's option id, in column order.
    Scenario cells add the difference in per cent, except for the dependency ratio (itself a ratio).
    """
    indexed = table.set_index(["scenario", "measure", "year"])
    options = [o for o in labels if o != "baseline"]
    rows = []
    for measure in [m for m in MEASURES if m in set(table["measure"])]:
        places = decimals(measure)
        for year in years:
            line: dict[str, Any] = {
                t("scenario.table.measure", lang): measure_label(measure, lang),
                t("scenario.table.year", lang): str(year),
                labels["baseline"]: fmt.number(
                    indexed.loc[("baseline", measure, year), "value"], places, lang
                ),
            }
            for option in options:
                row = indexed.loc[(option, measure, year)]
                pct = row["difference_pct"]
                text = cell(row["value"], row["difference"], places, lang)
                if not math.isnan(pct) and measure != "dependency_ratio":
                    # a no-break space: a wrapping table cell kept "−12,6" and "%" apart
                    text = text[:-1] + f"; {fmt.number(pct, 1, lang, sign=True)}\u00a0%)"
                line[labels[option]] = text
            rows.append(line)
    return pd.DataFrame(rows)


# The comparison on a phone: a short table per scenario, stacked (see compare_cards).
COMPARE_CARD_CSS = """
.sc-cards table{border-collapse:collapse;width:100%;margin:0 0 1.2rem;font-size:.95rem;line-height:1.35}
.sc-cards caption{caption-side:top;text-align:left;font-weight:700;font-size:1.05rem;padding:.2rem 0 .35rem}
.sc-cards th,.sc-cards td{padding:.3rem .3rem;border-bottom:1px solid #d5dbe1;vertical-align:top}
.sc-cards thead th{border-bottom:2px solid #9aa5b1;font-weight:600;text-align:right}
.sc-cards thead th:first-child,.sc-cards tbody th{text-align:left}
.sc-cards tbody th{font-weight:600}.sc-cards thead th{overflow-wrap:anywhere;hyphens:auto}.sc-cards thead th:first-child{width:34%}
.sc-cards td{text-align:right;font-variant-numeric:tabular-nums}
.sc-cards .diff{display:block;font-size:.85rem;color:#3e4c59}.sc-cards .nw{white-space:nowrap}
"""


def compare_cards(frame: pd.DataFrame, lang: str, colours: Mapping[str, str] | None = None) -> str:
    """The comparison table as one short HTML table per scenario, for a narrow screen.

    `frame` is compare_frame's output (measure, year, then a column per scenario); each scenario becomes a
    table captioned with its name (a colour mark from `colours` by name), a row per measure and a column
    per year, with exactly the cells of the wide table. A difference in brackets goes on its own line.
    """
    measure_col, year_col, *scenarios = list(frame.columns)
    years = list(dict.fromkeys(str(y) for y in frame[year_col]))
    measures = list(dict.fromkeys(str(m) for m in frame[measure_col]))
    cells = {(str(r[measure_col]), str(r[year_col])): r for _, r in frame.iterrows()}
    head = f'<th scope="col">{html.escape(str(measure_col))}</th>' + "".join(
        f'<th scope="col">{html.escape(year)}</th>' for year in years
    )
    tables = []
    for name in scenarios:
        colour = (colours or {}).get(str(name))
        mark = f'<span aria-hidden="true" style="color:{html.escape(colour)}">■</span> ' if colour else ""
        rows = []
        for measure in measures:
            tds = []
            for year in years:
                text = str(cells[(measure, year)][name]) if (measure, year) in cells else "–"
                value, bracket, rest = text.partition(" (")
                # each part of the bracket kept whole, so '+1,7 %' never breaks before its sign
                parts = "; ".join(f'<span class="nw">{html.escape(part)}</span>' for part in rest.split("; "))
                diff = f'<span class="diff"> ({parts}</span>' if bracket else ""
                tds.append(f"<td>{html.escape(value)}{diff}</td>")
            rows.append(f'<tr><th scope="row">{html.escape(measure)}</th>{"".join(tds)}</tr>')
        tables.append(
            f"<table><caption>{mark}{html.escape(str(name))}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return f'<div class="sc-cards" lang="{html.escape(lang)}">{"".join(tables)}</div>'


def frame_table(frame: pd.DataFrame, lang: str) -> str:
    """A small table of text cells as HTML for a narrow screen: column headers, the first cell of each row
    its row header (the scenario's name), the cells as they are."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = "".join(
        f'<tr><th scope="row">{html.escape(str(row[0]))}</th>'
        + "".join(f"<td>{html.escape(str(v))}</td>" for v in row[1:])
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<div class="sc-cards" lang="{html.escape(lang)}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def peer_standing(
    positions: Sequence[pd.DataFrame], labels: Mapping[str, str], year: int, lang: str
) -> pd.DataFrame:
    """The municipality's population and rank among its peers under the baseline and each scenario.

    `positions` is compare.peer_position per scenario, in the order of the non-baseline `labels`.
    """
    options = [o for o in labels if o != "baseline"]
    base = positions[0][positions[0]["scenario"] == "baseline"].iloc[0]
    subjects = [(labels["baseline"], base)] + [
        (labels[o], frame.iloc[0]) for o, frame in zip(options, positions, strict=True)
    ]
    return pd.DataFrame(
        [
            {
                t("scenario.table.scenario", lang): text,
                t("scenario.compare.population", lang, year=year): fmt.number(row["value"], 0, lang),
                t("scenario.compare.rank", lang): f"{int(row['rank'])}/{int(row['n'])}",
            }
            for text, row in subjects
        ]
    )


def peer_bars(
    positions: Sequence[pd.DataFrame],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    peer_colour: str,
    names: Mapping[str, str],
    name: str,
) -> pd.DataFrame:
    """Bars of a peer ranking: label, value, colour; largest first, a long list cut to the municipality's
    neighbourhood. The municipality has a bar per scenario, labelled 'name · scenario'."""
    options = [o for o in labels if o != "baseline"]
    first = positions[0]
    bars = [
        {
            "label": str(names.get(row["municipality"], row["municipality"])),
            "value": row["value"],
            "colour": peer_colour,
        }
        for _, row in first[~first["subject"]].iterrows()
    ]
    base = first[first["scenario"] == "baseline"].iloc[0]
    bars.append(
        {"label": f"{name} · {labels['baseline']}", "value": base["value"], "colour": colours["baseline"]}
    )
    for option, frame in zip(options, positions, strict=True):
        bars.append(
            {
                "label": f"{name} · {labels[option]}",
                "value": frame.iloc[0]["value"],
                "colour": colours[option],
            }
        )
    ranked = pd.DataFrame(bars).sort_values("value", ascending=False).reset_index(drop=True)
    if len(ranked) > PEER_LIST:
        mine = ranked.index[ranked["label"].str.startswith(f"{name} · ")]
        ranked = ranked.iloc[max(int(mine.min()) - NEIGHBOURS, 0) : int(mine.max()) + NEIGHBOURS + 1]
    return ranked
