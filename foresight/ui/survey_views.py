"""Shared Streamlit pieces of the residents' survey: results tables, refusal messages, dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import streamlit as st

from foresight import format as fmt
from foresight import survey as sv
from foresight import survey_export
from foresight import survey_store as store
from foresight.i18n import t
from foresight.ui import workshop_access
from foresight.workshop.security import escape_markdown


def day(value: datetime, lang: str) -> str:
    """A date as the survey pages show it (UTC, day precision): 20.12.2026 (fi, sv), 20 December 2026 (en)."""
    return fmt.date(value, lang)


def call(action: Callable[[], Any], lang: str) -> Any:
    """Run a survey action; a refusal becomes a message in the user's language and None."""
    try:
        return action()
    except sv.SurveyError as err:
        st.error(t(err.key, lang, **err.params), icon=":material/error:")
        return None


def code_form(eng: Any, typed: str, lang: str) -> None:
    """For a resident with a printed code, or a link that led nowhere: type the code (any case, spaces or a
    dash), open its survey; a malformed or unknown code is said in the reader's language and the form stays."""
    from foresight.workshop import security

    # Enter (a phone keyboard's "Go") still sends; only Streamlit's English "Press Enter to submit form" hint
    # under the field is hidden, as it cannot be translated (enter_to_submit=False would hide it by taking
    # Enter away).
    st.html("<style>.st-key-answer_code [data-testid='InputInstructions']{display:none}</style>")
    with st.form("answer_code_form"):
        code = st.text_input(
            t("survey.answer.code", lang, length=security.CODE_LENGTH),
            value=typed,
            max_chars=20,
            key="answer_code",
            autocomplete="off",
        )
        if st.form_submit_button(t("survey.answer.open", lang), type="primary", width="stretch"):
            found = call(lambda: store.open_typed(eng, code), lang)
            if found is not None:
                st.query_params["s"] = found.code
                st.rerun()


def in_language(text: str, text_lang: str, markup: str = "{}") -> str:
    """Markdown for `text` (escaped) marked as written in `text_lang`, so that a screen reader reads it with
    that language's voice; `markup` places it ("# {}" for a heading, "**{}**" for bold)."""
    if text_lang not in ("fi", "sv", "en"):
        raise ValueError(text_lang)
    return markup.format(f'<span lang="{text_lang}">{escape_markdown(text)}</span>')


def hide_on_change(container_key: str) -> str:
    """A script that hides the container keyed `container_key` at the reader's next change of an answer (a
    typed letter, a changed choice, a tapped button or option); the container itself does not count."""
    if not container_key.replace("_", "").isalnum():
        raise ValueError(container_key)
    return (
        "<script>(()=>{const k='st-key-" + container_key + "';"
        "const hide=e=>{const el=e.target instanceof Element?e.target:null;"
        "if(!el||el.closest('.'+k))return;"
        "if(e.type==='click'&&!el.closest('button,[role=option],[role=radio],label,input'))return;"
        "const s=document.createElement('style');s.textContent='.'+k+'{display:none}';"
        "document.head.appendChild(s);"
        "for(const t of ['input','change','click'])document.removeEventListener(t,hide,true);};"
        "for(const t of ['input','change','click'])document.addEventListener(t,hide,true);})();</script>"
    )


def show_results(res: store.Results, definition: sv.Definition, lang: str) -> None:
    """Results as tables (numbers in text, not colour alone); open answers shown literally."""
    st.header(t("survey.results", lang))
    st.markdown(t("survey.results.respondents", lang, n=res.respondents))
    # In the reader's language where the facilitator wrote one (counts stay those of the survey's own texts).
    label = definition.labels(lang)
    res = replace(res, choices=[(label.get(name, name), k) for name, k in res.choices])
    definition = definition.shown(lang)
    tables = survey_export.results_tables(res, definition, lang)
    st.markdown(f"**{t('survey.results.ranking', lang)}**")
    st.dataframe(tables["ranking"], hide_index=True)
    result_tables(tables, res, definition, lang, heading="**{}**")
    st.caption(t("survey.source.note", lang))


def result_tables(
    tables: dict[str, Any],
    res: store.Results,
    definition: sv.Definition,
    lang: str,
    *,
    heading: str,
    last_open: int | None = None,
) -> None:
    """Choices, statements (from `tables`, survey_export.results_tables) and approved open answers (the
    `last_open` newest, or all), each under a heading written as `heading` ("**{}**" on pages, "### {}" on
    the wall); open answers shown literally."""
    if definition.picks:
        st.markdown(heading.format(t("survey.results.choices", lang)))
        st.dataframe(tables["choices"], hide_index=True)
    if definition.statements:
        st.markdown(heading.format(t("survey.results.statements", lang)))
        st.dataframe(tables["statements"], hide_index=True)
    if res.open_answers:
        st.markdown(heading.format(t("survey.results.open", lang)))
        for text in res.open_answers[-last_open:] if last_open else res.open_answers:
            st.markdown("> " + escape_markdown(text))


def answer_url(code: str, lang: str = "fi") -> str:
    """The public link to the answer page: this server's (or $KUNTALUOTAIN_PUBLIC_URL's) /answer?s=CODE."""
    from foresight.workshop import qr

    return qr.join_url(workshop_access.page_url("answer", lang), code, param="s")


def report_section(code: str, lang: str) -> str:
    """The situation report's "what residents said" section for municipality `code`: the user picks one of
    its surveys with published results (the newest first and chosen); "" when there is none or none is
    picked. Unpublished surveys are never listed."""
    from sqlalchemy.exc import SQLAlchemyError

    from foresight import report
    from foresight.ui import workshop_cache as cache

    try:
        eng = cache.engine()
        found = store.published(eng, code)
    except SQLAlchemyError:  # the survey store is down: the report itself must still be there
        st.caption(t("report.survey.unavailable", lang))
        return ""
    if not found:
        return ""
    by_code = {s.code: s for s in found}
    counts = {s.code: store.count(eng, s) for s in found}
    picked = st.selectbox(
        t("report.survey.pick", lang),
        ["", *by_code],  # "" = no survey (None would read as "nothing chosen yet")
        index=1,
        format_func=lambda c: (
            t("report.survey.none", lang)
            if not c
            else t(
                "report.survey.option",
                lang,
                title=by_code[c].definition.title,
                closes=day(by_code[c].closes, lang),
                n=counts[c],
                code=c,
            )
        ),
        help=t("report.survey.help", lang),
        key=f"report_survey_{code}",
    )
    if not picked:
        return ""
    survey = by_code[picked]
    ws_code = st.text_input(
        t("report.survey.compare_code", lang),
        key=f"report_survey_ws_{code}",
        max_chars=20,
        help=t("report.survey.compare_help", lang),
    )
    council: list[sv.BordaRow] = []
    if ws_code.strip():
        status, council = store.council_by_code(eng, ws_code)
        if status == store.UNKNOWN:
            st.error(t("survey.compare.unknown", lang), icon=":material/error:")
        elif status != store.OK:
            st.info(t(f"survey.compare.{status}", lang), icon=":material/info:")
    return report.residents_section(survey, store.results(eng, survey), lang, council)
