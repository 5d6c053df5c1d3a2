"""The municipality's own data: upload, preview, column mapping, validation, accept; then compare with peers,
project and download, always labelled as own data and kept apart from official statistics."""

from dataclasses import replace

import streamlit as st

from foresight import charts_owndata, situation
from foresight import format as fmt
from foresight.columns import MUNICIPALITY, VALUE, YEAR
from foresight.i18n import t
from foresight.owndata import MAX_BYTES, ColumnMapping, Message, UploadError, guess_mapping, preview
from foresight.owndata import store as own_store
from foresight.owndata import validate as own_validate
from foresight.owndata.text import escape_markdown as md
from foresight.owndata.text import slug
from foresight.projection import MIN_POINTS
from foresight.ui import downloads, loaders, owndata_cache, state, theme
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

HORIZON = 2030
LIMIT_MB = MAX_BYTES // (1024 * 1024)
NONE = ""  # the "(no column)" choice in the mapping
ENCODINGS = {
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}

lang, code = state.lang(), state.municipality()
snap = loaders.snapshot()
reg = loaders.register()
group = peer_group(code, state.peer_spec())
names = reg[f"name_{lang}"]
own_label = t("owndata.source_label", lang)
ss = st.session_state
stored = owndata_cache.store()

st.title(t("owndata.title", lang))
st.badge(t("owndata.badge", lang), icon=":material/upload_file:", color="orange")
st.caption(t("owndata.intro", lang))
for kind, text in ss.pop("owndata_flash", []):
    getattr(st, kind)(text)


def safe_text(message: Message) -> str:
    """A message for a markdown element: quoted file content escaped, our own wording left as it is."""
    params = {k: md(v) if isinstance(v, str) and k != "field" else v for k, v in message.params.items()}
    return replace(message, params=params).text(lang)


def capitalised(text: str) -> str:
    """A row message on its own starts with a capital ('kunta …' follows 'Rivi 3:' elsewhere)."""
    return text[:1].upper() + text[1:]


def show_messages(messages: list[Message]) -> None:
    """Errors and warnings counted, then listed one per row in the user's language."""
    errors = sum(m.severity == "error" for m in messages)
    warnings = sum(m.severity == "warning" for m in messages)
    st.markdown(t("owndata.counts", lang, errors=errors, warnings=warnings))
    if not messages:
        return
    rows = [
        {
            t("owndata.col_row", lang): "" if m.row is None else str(m.row),
            t("owndata.col_severity", lang): t(f"owndata.severity.{m.severity}", lang),
            t("owndata.col_message", lang): capitalised(replace(m, row=None).text(lang)),  # row has a column
        }
        for m in messages
    ]
    st.dataframe(rows, hide_index=True, width="stretch", key="owndata_messages")


# 1. Upload and read the file.
st.subheader(t("owndata.step_upload", lang))
upload = st.file_uploader(
    t("owndata.upload", lang, limit_mb=LIMIT_MB),
    type=["csv", "txt", "xlsx"],
    key="owndata_file",
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
        st.error(safe_text(problem), icon=":material/error:")
        if stored:
            st.info(t("owndata.kept", lang), icon=":material/info:")

if upload is not None and table is not None:
    fid = str(upload.file_id)[:12]
    info = table.describe()
    if table.kind == "csv":
        delimiter = t("owndata.tab", lang) if table.delimiter == "\t" else table.delimiter
        st.caption(
            t(
                "owndata.file_info",
                lang,
                rows=fmt.number(info["rows"], 0, lang),
                columns=len(info["columns"]),
                encoding=ENCODINGS.get(str(table.encoding), str(table.encoding)),
                delimiter=delimiter,
            )
        )
    else:
        st.caption(
            t(
                "owndata.file_info_xlsx",
                lang,
                rows=fmt.number(info["rows"], 0, lang),
                columns=len(info["columns"]),
                sheet=md(str(table.sheet)),
            )
        )
    done = ss.get("owndata_accepted_fid") == fid  # this file is in use: keep its steps out of the way
    with st.expander(t("owndata.preview", lang, rows=min(20, info["rows"])), expanded=not done):
        st.dataframe(preview(table), hide_index=True, width="stretch", key=f"owndata_preview_{fid}")

    # 2. Column mapping: the last one used for this file, else a guess from headers and cells.
    # Once the file is in use, its mapping folds away (still there to re-check with another mapping).
    if not done:
        st.subheader(t("owndata.mapping", lang))
    box = st.expander(t("owndata.mapping", lang)) if done else st.container()
    with box:
        columns = list(table.frame.columns)
        remembered = ss.get("owndata_mappings", {}).get(fid)
        guess = (
            ColumnMapping.from_dict(remembered) if remembered else guess_mapping(table, snap.municipalities)
        )
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
            mapping = ColumnMapping(
                municipality=municipality,
                year=year_col or None,
                value=value_col or None,
                year_columns=tuple(year_columns),
                indicator=indicator or None,
                indicator_name=None if indicator else (indicator_name.strip() or None),
                unit=unit or None,
                unit_name=None if unit else (unit_name.strip() or None),
            )
            ss.setdefault("owndata_mappings", {})[fid] = mapping.to_dict()
            try:
                result = own_validate(table, mapping, snap.municipalities)
            except UploadError as exc:
                result = own_store.refused(exc.message, table.filename)
            except Exception as exc:  # never let an unforeseen file take the page down
                detail = {"detail": type(exc).__name__}
                result = own_store.refused(Message("owndata.error.unexpected", detail), table.filename)
            ss["owndata_result"] = (fid, result)

    # 3. Validation result and accept.
    checked = ss.get("owndata_result")
    if checked is not None and checked[0] == fid:
        result = checked[1]
        st.subheader(t("owndata.check_title", lang))
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
            st.error(t("owndata.refused", lang, count=len(result.errors)), icon=":material/error:")
            if stored:
                st.info(t("owndata.kept", lang), icon=":material/info:")
        show_messages(result.messages)
        if result.ok and st.button(t("owndata.use", lang), type="primary", key="owndata_accept"):
            ok, replaced = own_store.add(stored, result)
            flash = [("success", t("owndata.stored", lang))] if ok else []
            if replaced:
                flash.append(("info", t("owndata.replaced", lang, names=md(", ".join(replaced)))))
            ss["owndata_flash"] = flash
            ss["owndata_accepted_fid"] = fid
            ss.pop("owndata_result", None)
            st.rerun()

# 4. The own indicators of this session.
st.divider()
st.subheader(t("owndata.stored_title", lang))
collection = owndata_cache.collection()
for message in collection.messages:
    st.warning(safe_text(message), icon=":material/warning:")
if collection.empty:
    st.info(t("owndata.none_stored", lang), icon=":material/info:")
    st.stop()

ind_table = collection.indicators
st.dataframe(
    {
        t("owndata.col_indicator", lang): list(ind_table["name"]),
        t("owndata.col_unit", lang): list(ind_table["unit"]),
        t("owndata.col_years", lang): [
            fmt.year_span(int(a), int(b))
            for a, b in zip(ind_table["first_year"], ind_table["last_year"], strict=True)
        ],
        t("owndata.col_municipalities", lang): [int(n) for n in ind_table["n_municipalities"]],
        t("owndata.col_source", lang): [own_store.source_text(f, lang) for f in ind_table["filename"]],
    },
    hide_index=True,
    width="stretch",
    key="owndata_list",
)
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
        ss["owndata_flash"] = [("info", t("owndata.removed", lang, name=md(ind_names.get(str(doomed), ""))))]
        st.rerun()

# 5. One own indicator against the peers who have it.
st.divider()
if ss.get("owndata_indicator") not in ids:
    ss["owndata_indicator"] = ids[0]
chosen = str(
    bound(
        st.selectbox,
        t("owndata.pick_indicator", lang),
        "owndata_indicator",
        options=ids,
        format_func=lambda i: f"{ind_names[i]} · {own_label}",
    )
)
ind = collection.indicator(chosen)
frame = collection.frame(chosen)
unit = str(ind["unit"])
decimals = int(ind["decimals"])
title = str(ind["name"])
st.subheader(md(title))
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
members = list(group.members)
own = situation.series(frame, code, chosen)
if own.empty:
    st.info(t("owndata.no_data_for", lang, name=names[code], indicator=md(title)), icon=":material/info:")
band = situation.peer_band(frame, chosen, members)
with_data = sorted(set(frame[MUNICIPALITY]) & set(members))
if band.empty:
    st.info(t("owndata.few_peers", lang, n=len(with_data)), icon=":material/info:")
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
value_column = t("owndata.value_col", lang, unit=unit) if unit else t("owndata.value_col_plain", lang)
st.dataframe(
    {
        t("owndata.col_rank", lang): list(ranked["rank"]),
        t("owndata.col_code", lang): list(ranked[MUNICIPALITY]),
        t("owndata.col_municipality", lang): list(ranked["name"]),
        value_column: [fmt.number(float(v), decimals, lang) for v in ranked[VALUE]],
        t("owndata.col_source", lang): [own_store.source_text(str(ind["filename"]), lang)] * len(ranked),
    },
    hide_index=True,
    width="stretch",
    key="owndata_table",
)
downloads.buttons(
    lambda: {
        t("owndata.sheet", lang): own_store.download_table(
            collection, snap.municipalities, lang, [chosen], [code, *members]
        )
    },
    lambda: own_store.sources_table(collection, lang, [chosen]),
    f"kuntaluotain_{slug(own_label)}_{slug(title)}_{code}",
    lang,
    key="owndata_dl",
)

# 6. Projection to 2030, like any other series.
st.subheader(t("owndata.projection_title", lang, year=HORIZON))
if own.empty:
    pass
elif own.count() < MIN_POINTS:
    st.info(t("owndata.too_short", lang, n=int(own.count()), min=MIN_POINTS), icon=":material/info:")
elif int(own.index.max()) >= HORIZON:
    st.info(t("owndata.already_there", lang, year=HORIZON), icon=":material/info:")
elif bound(st.toggle, t("owndata.project", lang, year=HORIZON), "owndata_project", False):
    from foresight.projection import sentence

    try:
        desc, forecast = owndata_cache.projection(own, own_store.unit_id(unit), HORIZON)
    except ValueError:
        st.info(t("owndata.cannot_project", lang), icon=":material/info:")
    else:
        legend = {k: t(f"projection.legend.{k}", lang) for k in ("history", "trend", "band_80", "band_95")}
        theme.chart_with_alt(
            charts_owndata.projection(
                own, forecast, lang, legend, own_label, f"{title} – {names[code]}", unit
            ),
            lang=lang,
            config={"displaylogo": False},
            key="owndata_projection",
        )
        last = forecast.iloc[-1]
        st.markdown(
            t(
                "owndata.projection_value",
                lang,
                year=HORIZON,
                value=md(own_store.value_text(float(last["mean"]), decimals, unit, lang)),
                low=fmt.number(float(last["lower_80"]), decimals, lang),
                high=fmt.number(float(last["upper_80"]), decimals, lang),
            )
        )
        st.caption(
            sentence(desc, lang, decimals, own_store.unit_id(unit)) + " " + t("owndata.projection_note", lang)
        )
