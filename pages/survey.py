"""Residents' survey, facilitator: create a survey from the ready questions, then (with its code and owner
key) see live results, moderate open answers, publish, export and delete."""

from datetime import UTC, date, datetime, time, timedelta

import streamlit as st

from foresight import format as fmt
from foresight import survey as sv
from foresight import survey_export
from foresight import survey_store as store
from foresight.columns import LANGUAGES
from foresight.i18n import LANGUAGE_NAMES, t
from foresight.ui import downloads, state
from foresight.ui import survey_views as views
from foresight.ui import workshop_cache as cache
from foresight.ui.number_field import whole_number
from foresight.workshop import qr
from foresight.workshop.security import escape_markdown

lang = state.lang()
eng = cache.engine()
ss = st.session_state
store.purge_expired(eng)  # the retention date is a promise: past it, the survey and its answers go
st.title(t("survey.heading", lang))


def lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


MADE = "survey_made"  # (code, key) of the survey created in this session: shown as one card, not the form
# The creation form's widget keys (prefixes); survey_open also covers survey_opens, the opening day.
FORM_KEYS: tuple[str, ...] = (
    "survey_title",
    "survey_picks",
    "survey_statements",
    "survey_open",
    "survey_areas",
)
FORM_KEYS += ("survey_days", "survey_keep", "survey_tr_")


def _another() -> None:
    """Back to an empty form for another survey (the filled one went with the card)."""
    ss.pop(MADE, None)
    for name in [k for k in ss if str(k).startswith(FORM_KEYS)]:
        del ss[name]


if MADE in ss:  # the survey just made: one card, and no filled form left to send again by a second click
    made_code, made_key = ss[MADE]
    made = store.find(eng, made_code)
    with st.container(border=True, key="survey_made_card"):
        st.success(
            t("survey.created", lang, title=escape_markdown(made.definition.title if made else made_code)),
            icon=":material/check_circle:",
        )
        made_link = views.answer_url(made_code, lang)
        st.markdown(t("survey.link", lang, code=made_code))
        st.code(made_link, language=None)
        st.image(
            qr.svg(made_link, scale=6),
            caption=t("survey.qr.caption", lang),
            width=220,
            alt=t("survey.qr.alt", lang, url=made_link),
        )
        st.markdown(t("survey.created.key", lang))
        st.code(made_key, language=None)
        st.button(
            t("survey.created.another", lang),
            key="survey_create_another",
            icon=":material/add:",
            on_click=_another,
        )
else:
    made_code = ""
if not made_code:  # creating: the form (folded away while a survey is open)
    with st.expander(t("survey.create.submit", lang), expanded="survey_owner" not in ss):
        with st.form("survey_create"):
            title = st.text_input(
                t("survey.create.title", lang),
                t("survey.create.title.default", lang),
                key="survey_title",
                max_chars=sv.MAX_OPTION,
            )
            picks = st.text_area(
                t("survey.create.picks", lang), t("survey.create.picks.default", lang), key="survey_picks"
            )
            statements = st.text_area(
                t("survey.create.statements", lang),
                t("survey.create.statements.default", lang),
                key="survey_statements",
            )
            open_q = st.text_input(
                t("survey.create.open", lang), t("survey.create.open.default", lang), key="survey_open"
            )
            areas = st.text_area(t("survey.create.areas", lang), key="survey_areas")
            others = [other for other in LANGUAGES if other != lang]
            with st.expander(t("survey.create.other_languages", lang)):
                st.caption(t("survey.create.other_languages.help", lang))
                st.caption(t("survey.create.untranslated", lang, language=LANGUAGE_NAMES[lang].lower()))
                given = {}
                for other, tab in zip(others, st.tabs([LANGUAGE_NAMES[o] for o in others]), strict=True):
                    with tab:
                        given[other] = {
                            "title": st.text_input(
                                t("survey.create.title", lang),
                                key=f"survey_tr_{other}_title",
                                max_chars=sv.MAX_OPTION,
                            ),
                            "picks": lines(
                                st.text_area(t("survey.create.picks", lang), key=f"survey_tr_{other}_picks")
                            ),
                            "statements": lines(
                                st.text_area(
                                    t("survey.create.statements", lang), key=f"survey_tr_{other}_statements"
                                )
                            ),
                            "open": st.text_input(
                                t("survey.create.open", lang), key=f"survey_tr_{other}_open"
                            ),
                            "areas": lines(
                                st.text_area(t("survey.create.areas", lang), key=f"survey_tr_{other}_areas")
                            ),
                        }
            today = datetime.now(UTC).date()
            opens_on = st.date_input(
                t("survey.create.opens", lang),
                value=today,
                min_value=today,
                max_value=today + timedelta(days=365),
                key="survey_opens",
                format=fmt.DATE_INPUT_FORMAT,
                help=t("survey.create.opens.help", lang),
            )
            # Text fields read as the language writes numbers: a number field made "2,5" days 25, silently.
            days_text = st.text_input(
                t("survey.create.days", lang), "14", key="survey_days", autocomplete="off"
            )
            keep_text = st.text_input(
                t("survey.create.retain_days", lang), "180", key="survey_keep", autocomplete="off"
            )
            create = st.form_submit_button(t("survey.create.submit", lang), type="primary")
        days = whole_number(t("survey.create.days", lang), days_text, lang, 1, 90) if create else None
        keep = whole_number(t("survey.create.retain_days", lang), keep_text, lang, 0, 730) if create else None
        if days is not None and keep is not None:
            open_days, keep_days = days, keep  # narrowed to int for the closure below

            def _create() -> tuple[store.Survey, str]:
                definition = sv.make_definition(
                    title, lines(picks), lines(statements), open_q, lines(areas), translations=given
                )
                now = datetime.now(UTC)
                later = isinstance(opens_on, date) and opens_on > now.date()
                opens = datetime.combine(opens_on, time(0), UTC) if later else now
                closes = opens + timedelta(days=open_days)
                return store.create(
                    eng,
                    definition,
                    municipality=state.municipality(),
                    lang=lang,
                    opens=opens,
                    closes=closes,
                    retain_until=closes + timedelta(days=keep_days),
                )

            made = views.call(_create, lang)
            if made is not None:
                survey, key = made
                ss["survey_owner"] = ss[MADE] = (survey.code, key)
                st.rerun()  # the card in place of the filled form

st.header(t("survey.open.heading", lang))
with st.form("survey_open_form"):
    code_in = st.text_input(t("survey.open.code", lang), key="survey_code")
    key_in = st.text_input(t("survey.open.key", lang), type="password", key="survey_key")
    if st.form_submit_button(t("survey.open.heading", lang)):
        found = views.call(lambda: store.check_owner(eng, code_in, key_in), lang)
        if found is not None:
            ss["survey_owner"] = (found.code, key_in)

owner = ss.get("survey_owner")
if owner is None:
    st.stop()
code, key = owner
survey = views.call(lambda: store.check_owner(eng, code, key), lang)
if survey is None:
    ss.pop("survey_owner", None)
    st.stop()
status = survey.state()
st.markdown(
    f"**{escape_markdown(survey.definition.title)}** · "
    + t(
        f"survey.state.{status}",
        lang,
        opens=views.day(survey.opens, lang),
        closes=views.day(survey.closes, lang),
    )
)
link = views.answer_url(survey.code, lang)
if survey.code != made_code:  # the card above shows the link and its QR code already
    st.markdown(t("survey.link", lang, code=survey.code))
    st.code(link, language=None)
for other in survey.definition.languages():  # the same survey, opened in a language the facilitator wrote
    st.caption(
        t(
            "survey.links.language",
            lang,
            language=LANGUAGE_NAMES[other],
            url=views.answer_url(survey.code, other),
        )
    )
if survey.code != made_code:
    st.image(
        qr.svg(link, scale=6),
        caption=t("survey.qr.caption", lang),
        width=220,
        alt=t("survey.qr.alt", lang, url=link),
    )
if survey.published:
    st.info(t("survey.published", lang))
res = store.results(eng, survey)
views.show_results(res, survey.definition, lang)
answers = store.answers(eng, survey)
for attribute in ("age", "area"):
    table = survey_export.breakdown(answers, attribute, lang)
    if not table.empty:
        st.markdown(f"**{t(f'survey.results.by_{attribute}', lang)}**")
        st.dataframe(table, hide_index=True)

with st.expander(t("survey.compare.heading", lang)):
    ws_code = st.text_input(t("survey.compare.code", lang), key="survey_compare_code")
    if ws_code:
        status, council = store.council_by_code(eng, ws_code)
        if status == store.OK:
            st.dataframe(survey_export.comparison(res.ranking, council, lang), hide_index=True)
        elif status == store.UNKNOWN:
            st.error(t("survey.compare.unknown", lang))
        else:
            st.info(t(f"survey.compare.{status}", lang))

pending = store.open_answers(eng, survey, store.PENDING)
if pending:
    st.header(t("survey.moderate", lang))
    for answer_id, text, _ in pending:
        st.markdown("> " + escape_markdown(text))
        left, right = st.columns(2)
        for column, status_, label in ((left, store.APPROVED, "approve"), (right, store.REJECTED, "reject")):
            if column.button(t(f"survey.moderate.{label}", lang), key=f"survey_mod_{label}_{answer_id}"):
                store.moderate(eng, code, key, answer_id, status_)
                st.rerun()

if not survey.published and st.button(t("survey.publish", lang), key="survey_publish"):
    views.call(lambda: store.publish(eng, code, key), lang)
    st.rerun()
left, middle, right = st.columns(3)
left.download_button(
    t("survey.export.csv", lang),
    survey_export.to_csv(res, survey.definition, lang),
    file_name=f"survey_{survey.code}.csv",
    mime="text/csv",
    key="survey_csv",
)
right.download_button(
    t("survey.export.xlsx", lang),
    survey_export.to_excel(res, survey.definition, lang),
    file_name=f"survey_{survey.code}.xlsx",
    mime=downloads.XLSX,
    key="survey_xlsx",
)
middle.download_button(
    t("survey.export.html", lang),
    survey_export.summary_html(survey, res, lang).encode("utf-8"),
    file_name=f"survey_{survey.code}.html",
    mime="text/html",
    key="survey_html",
)
if st.button(t("survey.delete", lang), key="survey_delete"):
    views.call(lambda: store.delete_survey(eng, code, key), lang)
    if store.find(eng, code) is None:
        ss.pop("survey_owner", None)
        st.success(t("survey.deleted", lang))
