"""The own-data page's sections (pages/owndata.py): upload, preview, column mapping, check and accept; the
session's own indicators; one of them against the peers, ranked, downloadable and projected.

Everything from the file is escaped before it reaches markdown (store.safe_text, text.escape_markdown).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_owndata, situation
from foresight import format as fmt
from foresight.columns import MUNICIPALITY, YEAR
from foresight.i18n import t, tn
from foresight.owndata import MAX_BYTES, ColumnMapping, Message, Table, guess_mapping, preview
from foresight.owndata import store as own_store
from foresight.owndata.store import Collection
from foresight.owndata.text import escape_markdown as md
from foresight.owndata.text import slug
from foresight.projection import MIN_POINTS
from foresight.ui import downloads, owndata_cache, theme, uploader
from foresight.ui.state import bound

LIMIT_MB = MAX_BYTES // (1024 * 1024)
NONE = ""  # the "(no column)" choice in the mapping
ss = st.session_state


def upload_file(stored: dict[str, str], lang: str) -> tuple[Any, Table | None]:
    """Step 1: the uploader, a sheet choice for a workbook, and why a file could not be read."""
    st.header(t("owndata.step_upload", lang))
    upload = uploader.file_uploader(
        t("owndata.upload", lang, limit_mb=LIMIT_MB),
        key="owndata_file",
        types=["csv", "txt", "xlsx"],
        limit_bytes=MAX_BYTES,
        lang=lang,
        help=t("owndata.upload_help", lang),
        max_upload_size=LIMIT_MB,
    )
    table = None
    if upload is not None:
        sheet_key = f"owndata_sheet_{upload.file_id}"
        table, problem = owndata_cache.read(upload, ss.get(sheet_key))
        if table is not None and table.sheet and sheet_key not in ss:
            ss[sheet_key] = table.sheet  # the sheet the reader chose (the first that holds a table)
        if len(owndata_cache.sheets(upload)) > 1:
            st.selectbox(t("owndata.sheet_pick", lang), owndata_cache.sheets(upload), key=sheet_key)
        if problem is not None:
            st.error(own_store.safe_text(problem, lang), icon=":material/error:")
            if stored:
                st.info(t("owndata.kept", lang), icon=":material/info:")
    return upload, table


def file_preview(upload: Any, table: Table, lang: str) -> tuple[str, bool]:
    """What was read and its first rows; returns the file's id and whether it is already in use."""
    fid = str(upload.file_id)[:12]
    st.caption(own_store.file_info(table, lang))
    done = ss.get("owndata_accepted_fid") == fid  # this file is in use: keep its steps out of the way
    with st.expander(tn("owndata.preview", min(20, len(table.frame)), lang), expanded=not done):
        st.dataframe(preview(table), hide_index=True, width="stretch", key=f"owndata_preview_{fid}")
    return fid, done


def mapping_form(table: Table, fid: str, done: bool, municipalities: pd.DataFrame, lang: str) -> None:
    """Step 2: the column mapping, the last one used for this file, else a guess from headers and cells.

    Once the file is in use, its mapping folds away (still there to re-check with another mapping).
    """
    if not done:
        st.header(t("owndata.mapping", lang))
    box = st.expander(t("owndata.mapping", lang)) if done else st.container()
    with box:
        columns = list(table.frame.columns)
        remembered = ss.get("owndata_mappings", {}).get(fid)
        guess = ColumnMapping.from_dict(remembered) if remembered else guess_mapping(table, municipalities)
        if guess is None:
            st.info(t("owndata.guess_failed", lang), icon=":material/info:")
            guess = ColumnMapping(municipality=columns[0])
        layout = st.radio(
            t("owndata.layout", lang),
            ["long", "wide"],
            index=1 if guess.wide else 0,
            format_func=lambda v: t(f"owndata.format_{v}", lang),
            horizontal=True,
            key=f"owndata_layout_{fid}_{lang}",
        )
        with_none = [NONE, *columns]

        def pick(label: str, role: str, options: list[str], current: str | None) -> str:
            index = options.index(current) if current in options else 0
            return str(
                st.selectbox(
                    t(label, lang),
                    options,
                    index=index,
                    format_func=lambda c: c if c else t("owndata.mapping_none", lang),
                    key=f"owndata_m_{role}_{fid}_{lang}",
                )
            )

        with st.form(f"owndata_form_{fid}_{lang}", border=True):
            left, right = st.columns(2)
            with left:
                municipality = pick("owndata.field.municipality", "municipality", columns, guess.municipality)
                if layout == "long":
                    year_col = pick("owndata.field.year", "year", with_none, guess.year)
                    value_col = pick("owndata.field.value", "value", with_none, guess.value)
                    year_columns: list[str] = []
                else:
                    year_col, value_col = NONE, NONE
                    year_columns = st.multiselect(
                        t("owndata.field.year_columns", lang),
                        columns,
                        default=[c for c in guess.year_columns if c in columns],
                        key=f"owndata_m_years_{fid}_{lang}",
                        placeholder=t("widget.choose", lang),
                        select_all=False,
                    )
            with right:
                indicator = pick("owndata.field.indicator", "indicator", with_none, guess.indicator)
                indicator_name = st.text_input(
                    t("owndata.field.indicator_name", lang),
                    value=guess.indicator_name or "",
                    max_chars=120,
                    key=f"owndata_t_name_{fid}_{lang}",
                    help=t("owndata.fixed_help", lang),
                )
                unit = pick("owndata.field.unit", "unit", with_none, guess.unit)
                unit_name = st.text_input(
                    t("owndata.field.unit_name", lang),
                    value=guess.unit_name or "",
                    max_chars=40,
                    key=f"owndata_t_unit_{fid}_{lang}",
                    help=t("owndata.fixed_help", lang),
                )
            submitted = st.form_submit_button(
                t("owndata.validate", lang), type="primary", icon=":material/rule:"
            )
        if submitted:
            mapping = ColumnMapping.from_form(
                municipality,
                year=year_col,
                value=value_col,
                year_columns=year_columns,
                indicator=indicator,
                indicator_name=indicator_name,
                unit=unit,
                unit_name=unit_name,
            )
            ss.setdefault("owndata_mappings", {})[fid] = mapping.to_dict()
            ss["owndata_result"] = (fid, own_store.check(table, mapping, municipalities))


def few_peers_text(others: set[str], n_peers: int, lang: str) -> str:
    """Why no peer band is drawn: too few peers in the file, or other municipalities that are not peers."""
    if len(others) <= n_peers:
        return t("owndata.few_peers", lang, n=n_peers)
    if n_peers == 0:
        return tn("owndata.no_peers_in_file", len(others), lang)
    return t("owndata.few_peers_in_file", lang, n=n_peers, others=len(others))


def show_messages(messages: list[Message], lang: str) -> None:
    """Errors and warnings counted, then listed one per row in the user's language."""
    errors = sum(m.severity == "error" for m in messages)
    warnings = sum(m.severity == "warning" for m in messages)
    st.markdown(t("owndata.counts", lang, errors=errors, warnings=warnings))
    if not messages:
        return
    rows = own_store.message_rows(messages, lang)
    st.dataframe(rows, hide_index=True, width="stretch", key="owndata_messages")


def check_result(fid: str, stored: dict[str, str], lang: str) -> None:
    """Step 3: the check's verdict and messages; accepting stores the data for this session."""
    checked = ss.get("owndata_result")
    if checked is None or checked[0] != fid:
        return
    result = checked[1]
    st.header(t("owndata.check_title", lang))
    if result.ok:
        st.success(
            t(
                "owndata.accepted",
                lang,
                rows=fmt.number(len(result.observations), 0, lang),
                indicators=len(result.indicators),
                municipalities=result.observations[MUNICIPALITY].nunique(),
            ),
            icon=":material/check_circle:",
        )
    else:
        # Errors fixable on the form say so: re-uploading the same file would not help (WCAG 3.3.3).
        on_form = all(m.on_form for m in result.errors)
        refused = "owndata.refused_form" if on_form else "owndata.refused"
        st.error(tn(refused, len(result.errors), lang), icon=":material/error:")
        if stored:
            st.info(t("owndata.kept", lang), icon=":material/info:")
    show_messages(result.messages, lang)
    if result.ok and st.button(t("owndata.use", lang), type="primary", key="owndata_accept"):
        ok, replaced = own_store.add(stored, result)
        flash = [("success", t("owndata.stored", lang))] if ok else []
        if replaced:
            flash.append(("info", t("owndata.replaced", lang, names=md(", ".join(replaced)))))
        ss["owndata_flash"] = flash
        ss["owndata_accepted_fid"] = fid
        ss.pop("owndata_result", None)
        st.rerun()


def stored_list(
    collection: Collection, stored: dict[str, str], lang: str
) -> tuple[list[str], dict[str, str]]:
    """Step 4: the session's own indicators, a link to the workshop and removal; returns the ids and names."""
    ind_table = collection.indicators
    st.dataframe(own_store.listing(ind_table, lang), hide_index=True, width="stretch", key="owndata_list")
    ids = list(ind_table["id"])
    ind_names = dict(zip(ind_table["id"], ind_table["name"], strict=True))
    st.page_link(
        "pages/workshop.py", label=t("owndata.to_workshop", lang), icon=":material/groups:"
    )  # attaching stores a copy with the workshop: this session's data alone end with the session
    with st.popover(t("owndata.remove", lang), icon=":material/delete:"):
        doomed = st.selectbox(
            t("owndata.remove_pick", lang), ids, format_func=lambda i: ind_names[i], key="owndata_remove_pick"
        )
        if st.button(t("owndata.remove_confirm", lang), key="owndata_remove"):
            own_store.remove(stored, str(doomed))
            ss["owndata_flash"] = [
                ("info", t("owndata.removed", lang, name=md(ind_names.get(str(doomed), ""))))
            ]
            st.rerun()
    return ids, ind_names


def comparison(
    collection: Collection,
    chosen: str,
    code: str,
    members: list[str],
    names: pd.Series,
    municipalities: pd.DataFrame,
    lang: str,
) -> pd.Series:
    """Step 5: one own indicator against the peers who have it, a year's ranking, table and downloads;
    returns the municipality's own series."""
    own_label = t("owndata.source_label", lang)
    ind = collection.indicator(chosen)
    frame = collection.frame(chosen)
    unit = str(ind["unit"])
    title = str(ind["name"])
    st.header(md(title))
    st.badge(t("owndata.badge", lang), icon=":material/upload_file:", color="orange")
    st.caption(
        t(
            "owndata.source_line",
            lang,
            source=md(own_store.source_text(str(ind["filename"]), lang)),
            years=fmt.year_span(int(ind["first_year"]), int(ind["last_year"])),
            n=int(ind["n_municipalities"]),
        )
    )
    own = situation.series(frame, code, chosen)
    if own.empty:
        st.info(t("owndata.no_data_for", lang, name=names[code], indicator=md(title)), icon=":material/info:")
    band = situation.peer_band(frame, chosen, members)
    with_data = sorted(set(frame[MUNICIPALITY]) & set(members))
    if band.empty:
        st.info(
            few_peers_text(set(frame[MUNICIPALITY]) - {code}, len(with_data), lang), icon=":material/info:"
        )
    if not own.empty or not band.empty:
        labels = {k: t(f"compare.band.{k}", lang) for k in ("range", "iqr", "median")}
        theme.chart_with_alt(
            charts_owndata.band(own, band, names[code], lang, labels, own_label, title, unit),
            lang=lang,
            config={"displaylogo": False},
            key="owndata_band",
        )

    years = sorted(int(y) for y in frame[YEAR].unique())
    default_year = int(own.index.max()) if not own.empty else years[-1]
    if ss.get("owndata_year") not in years or ss.get("_owndata_year_for") != chosen:
        ss["owndata_year"] = default_year
        ss["_owndata_year_for"] = chosen
    year = int(
        bound(st.select_slider, t("compare.year", lang), "owndata_year", options=years)
        if len(years) > 1
        else years[0]
    )
    ranked = situation.ranking(frame, chosen, 0, [code, *members], year)
    ranked["name"] = ranked[MUNICIPALITY].map(names)
    st.subheader(t("compare.ranking_title", lang, year=year))
    st.caption(t("compare.ranking_order_neutral", lang))  # own data carry no polarity: largest first
    if len(ranked) >= 2:
        theme.chart_with_alt(
            charts_owndata.ranking(ranked, code, lang, unit, own_label, title),
            lang=lang,
            config={"displaylogo": False},
            key="owndata_ranking",
        )
    else:
        st.info(t("owndata.few_for_ranking", lang, year=year), icon=":material/info:")
    st.dataframe(
        own_store.ranking_columns(ranked, str(ind["filename"]), int(ind["decimals"]), unit, lang),
        hide_index=True,
        width="stretch",
        key="owndata_table",
    )
    downloads.buttons(
        lambda: {
            t("owndata.sheet", lang): own_store.download_table(
                collection, municipalities, lang, [chosen], [code, *members]
            )
        },
        lambda: own_store.sources_table(collection, lang, [chosen]),
        f"kuntaluotain_{slug(own_label)}_{slug(title)}_{code}",
        lang,
        key="owndata_dl",
    )
    return own


def projection(own: pd.Series, ind: pd.Series, place: str, horizon: int, lang: str) -> None:
    """Step 6: the own series projected to the horizon like any other series, when it is long enough."""
    from foresight.projection import sentence

    st.header(t("owndata.projection_title", lang, year=horizon))
    unit, decimals, title = str(ind["unit"]), int(ind["decimals"]), str(ind["name"])
    if own.empty:
        return
    if own.count() < MIN_POINTS:
        st.info(t("owndata.too_short", lang, n=int(own.count()), min=MIN_POINTS), icon=":material/info:")
        return
    if int(own.index.max()) >= horizon:
        st.info(t("owndata.already_there", lang, year=horizon), icon=":material/info:")
        return
    if not bound(st.toggle, t("owndata.project", lang, year=horizon), "owndata_project", False):
        return
    try:
        desc, forecast = owndata_cache.projection(own, own_store.unit_id(unit), horizon)
    except ValueError:
        st.info(t("owndata.cannot_project", lang), icon=":material/info:")
        return
    own_label = t("owndata.source_label", lang)
    legend = {k: t(f"projection.legend.{k}", lang) for k in ("history", "trend", "band_80", "band_95")}
    theme.chart_with_alt(
        charts_owndata.projection(own, forecast, lang, legend, own_label, f"{title} – {place}", unit),
        lang=lang,
        config={"displaylogo": False},
        key="owndata_projection",
    )
    last = forecast.iloc[-1]
    st.markdown(
        t(
            "owndata.projection_value",
            lang,
            year=horizon,
            value=md(own_store.value_text(float(last["mean"]), decimals, unit, lang)),
            low=fmt.number(float(last["lower_80"]), decimals, lang),
            high=fmt.number(float(last["upper_80"]), decimals, lang),
        )
    )
    st.caption(
        sentence(desc, lang, decimals, own_store.unit_id(unit)) + " " + t("owndata.projection_note", lang)
    )
