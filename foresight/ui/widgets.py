"""Small shared pieces of page UI: source lines, notes, no-data messages, metric cards."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from foresight import format as fmt
from foresight import peers, provenance
from foresight.i18n import t
from foresight.ui import loaders, sidebar, state


def name(code: str, lang: str) -> str:
    """A municipality's name in the language (Finnish names serve English)."""
    reg = loaders.register()
    return str(reg.loc[code, f"name_{lang}"]) if code in reg.index else code


def indicator_name(ind: pd.Series | Mapping[str, object], lang: str) -> str:
    return str(ind[f"name_{lang}"])


def source_line(ind: pd.Series, lang: str, year: int | None = None) -> str:
    """'Source: …, CC BY 4.0. Data to 2016.' for any indicator; with a year, the source of that year.

    Without a year, a series with a gap says its years: 'Data for 1990–2017, 2025: none for the years between.'"""
    source = None
    if year is not None:
        source = provenance.source_for_year(loaders.snapshot().provenance, str(ind.name), year, lang)
    period = data_period(ind, year if year is not None else int(ind["last_year"]))
    source, licence = source or ind[f"source_{lang}"], ind[f"licence_{lang}"]
    if "/" in period:  # a monthly figure: "to the month 6/2026", not "to the year 6/2026"
        return t("glance.source_month", lang, source=source, licence=licence, period=period)
    spans = loaders.year_spans().get(str(ind.name), "") if year is None else ""
    if "," in spans:  # the whole series with a gap: "Data to 2025" would hide 2018–2024 missing
        return t("glance.source_spans", lang, source=source, licence=licence, years=spans)
    return t("glance.source", lang, source=source, licence=licence, year=period)


def year_text(ind: pd.Series, year: int, lang: str) -> str:
    """'vuonna 2025', or 'tilanne 6/2026' for a monthly figure."""
    when = data_period(ind, year)
    return t("glance.month", lang, period=when) if "/" in when else t("glance.year", lang, year=when)


def data_period(ind: pd.Series, year: int) -> str:
    """The year of a figure as text, or its month for a monthly indicator ('6/2026')."""
    return fmt.period(year, str(ind.get("latest_period", "") or ""))


def caveat(ind: pd.Series, lang: str) -> str:
    text = ind.get(f"caveat_{lang}")
    return str(text) if isinstance(text, str) and text.strip() else ""


def value_text(ind: pd.Series, value: float | None, lang: str, *, sign: bool = False) -> str:
    """A value with the indicator's decimals and unit."""
    unit = fmt.change_unit(str(ind["unit"])) if sign else str(ind["unit"])
    return fmt.with_unit(value, int(ind["decimals"]), unit, lang, sign=sign)


def change_text(
    ind: pd.Series, change: float | None, years: int, lang: str, end: int | None = None
) -> str | None:
    """A change over `years` with its sign and unit, naming the two years compared when `end` is given."""
    if change is None:
        return None
    text = value_text(ind, change, lang, sign=True).replace("±", "")
    if end is not None:
        return t("glance.change_between", lang, start=end - years, end=end, change=text)
    return t("glance.change", lang, years=years, change=text)


def metric_delta(
    ind: pd.Series, change: float | None, years: int, lang: str, end: int | None = None, *, grey: bool = False
) -> dict[str, str | None]:
    """st.metric's delta arguments for an indicator's change: the text with its minus sign, arrow, colour."""
    text = change_text(ind, change, years, lang, end)
    if text is None or change is None:
        return {"delta": None}
    style = fmt.delta_style(float(change), int(ind["polarity"]), grey=grey, decimals=int(ind["decimals"]))
    return {"delta": text, **style}


def peer_notes(group: peers.PeerGroup, lang: str) -> None:
    """Tell the user what happened to their peer group (changed with the municipality, partial season, too
    few, dropped codes)."""
    followed = sidebar.followed_note(state.municipality(), lang)
    if followed:
        st.info(followed, icon=":material/swap_horiz:")
    for note in group.notes:
        text = t(note, lang)
        if note == "peers.note_unknown_codes" and group.dropped:
            text += " " + t("peers.note_unknown_codes_list", lang, codes=", ".join(group.dropped[:10]))
        st.info(text, icon=":material/info:")


def no_data(ind: pd.Series, code: str, lang: str) -> None:
    """Say plainly that there is no data and what the data does cover."""
    st.info(
        t(
            "msg.no_data_for",
            lang,
            name=name(code, lang),
            indicator=indicator_name(ind, lang),
            n=int(ind["n_municipalities"]),
            last_year=int(ind["last_year"]),
        ),
        icon=":material/info:",
    )


def similar_explanation(group: peers.PeerGroup, code: str, lang: str) -> None:
    """For similar-municipality groups: each peer, its distance and the features on which it is closest."""
    if group.explanation is None or group.explanation.empty:
        return
    reg = loaders.register()
    rows = []
    for peer, gaps in group.explanation.iterrows():
        rows.append(
            {
                t("situation.why_table_peer", lang): reg.loc[str(peer), f"name_{lang}"],
                t("peers.closest", lang): ", ".join(
                    t(f"feature.{f}", lang) for f in peers.closest_features(gaps)
                ),
                t("peers.distance", lang): fmt.number(float(gaps["distance"]), 2, lang),
            }
        )
    with st.expander(t("peers.why", lang)):
        st.caption(t("peers.why_intro", lang))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
