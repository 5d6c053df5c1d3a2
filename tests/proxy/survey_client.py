"""A resident answering the survey without a browser: pages/answer.py over Streamlit's websocket protocol.

The browser keeps its answer token in the cookie kl_survey_CODE (pages/answer.py writes it); a client that
sends the same cookie is the same respondent, also after a reconnect to another app process:

    session, run = await open_answer(base, code, token)
    run = await submit(session, answer(rng))      # run.alerts("SUCCESS") holds "saved"
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import text as sql_text
from streamlit.proto.WidgetStates_pb2 import WidgetState

from foresight import survey as sv
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.workshop import db
from tests.survey_setup import open_survey
from tests.workshop.load_client import Run, Session, text

FORM = "answer_form"
PICKS = ["Koulut", "Kirjasto", "Liikuntapaikat", "Joukkoliikenne", "Terveysasema"]
STATEMENTS = ["Kunnassa on hyvä asua", "Palvelut ovat lähellä"]
AREAS = ["Keskusta", "Kylät"]


def make_survey(db_url: str, title: str = "Kunta 2030") -> tuple[str, str]:
    """A survey open from an hour ago for three days (test data); its code and owner key."""
    engine = db.make_engine(db_url)
    definition = sv.make_definition(title, PICKS, STATEMENTS, "Mikä on tärkeintä?", AREAS)
    survey, key = open_survey(engine, definition)
    engine.dispose()
    return survey.code, key


def token() -> str:
    """A browser's answer token, of the shape pages/answer.py makes (32 hex digits)."""
    return uuid.uuid4().hex


def answer(rng: random.Random, i: int = 0) -> dict[str, Any]:
    """One made-up resident's answer, as the store's raw form (pages/answer.py builds the same)."""
    order = list(THEMES)
    rng.shuffle(order)
    return {
        "rank": order,
        "picks": rng.sample(PICKS, rng.randint(1, 3)),
        "statements": {"s1": rng.randint(1, 5), "s2": rng.randint(1, 5)},
        "open": f"Vastaus {i}: <b>lisää</b> penkkejä",
        "age": rng.choice(sv.AGE_GROUPS),
        "area": rng.choice(AREAS),
    }


async def open_answer(
    base: str, code: str, tok: str, lang: str = "fi", route: str | None = None, **options: Any
) -> tuple[Session, Run]:
    """A phone opening the public link ?s=CODE with its answer cookie (and nginx's route cookie when given):
    connected, the form drawn."""
    cookie = f"kl_survey_{code}={tok}" + (f"; kl_route={route}" if route else "")
    headers = {"Cookie": cookie, **options.pop("headers", {})}
    session = Session(base, "answer", f"s={code}&lang={lang}", headers=headers, timeout=90, **options)
    await session.connect()
    run = await session.rerun()
    session.submit_button(FORM)  # raises LookupError when the page drew no form
    return session, run


def _states(session: Session, raw: dict[str, Any]) -> list[WidgetState]:
    """The form's widget values as the browser sends them: the options' shown labels, picked by position."""
    out: list[WidgetState] = []
    for sid, value in raw["statements"].items():
        radio = session.widget("radio", key=f"answer_st_{sid}")
        out.append(text(radio.id, radio.options[sv.SCALE.index(value)]))
    out.append(text(session.widget("text_area", key="answer_open").id, raw["open"]))
    # The lists start empty ("prefer not to say" is their placeholder, not an option).
    age = session.widget("selectbox", key="answer_age")
    out.append(text(age.id, age.options[sv.AGE_GROUPS.index(raw["age"])]))
    area = session.widget("selectbox", key="answer_area")
    out.append(text(area.id, area.options[AREAS.index(raw["area"])]))
    return out


def _strings(widget_id: str, values: list[str]) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(values)
    return state


async def rank(session: Session, order: list[str]) -> None:
    """Tap the themes in order on the tap-to-order control (foresight/ui/ranking.py), as a phone does: one
    rerun per tap, "start again" first when an earlier order is there; the last theme follows by itself."""
    if session.has_widget("button", key="answer_rank_reset"):
        reset = session.widget("button", key="answer_rank_reset")
        if not reset.disabled:
            await session.rerun(trigger=reset.id)
    for item in order[:-1]:
        await session.rerun(trigger=session.widget("button", key=f"answer_rank_tap_{item}").id)


async def pick(session: Session, picks: list[str]) -> None:
    """Tap the picks on their toggle buttons (st.pills, outside the form, in a fragment), as a phone does: the
    browser sends the chosen options' shown labels (their order on screen is shuffled per respondent)."""
    pills = session.widget("button_group", key="answer_picks")
    await session.rerun([_strings(pills.id, picks)], fragment_id=session.fragments.get(pills.id, ""))


async def submit(session: Session, raw: dict[str, Any]) -> Run:
    """Rank the themes, fill in the form and press Send (the form's values and the submit trigger in one
    rerun, as the browser sends them); the returned run is the submit's alone."""
    await rank(session, list(raw["rank"]))
    await pick(session, list(raw["picks"]))
    return await session.rerun(_states(session, raw), trigger=session.submit_button(FORM).id)


def saved(run: Run) -> bool:
    """Whether the run ended with the "saved" message (and no error box)."""
    return bool(run.alerts("SUCCESS")) and not run.alerts("ERROR")


def stored(db_url: str, code: str) -> list[sv.Answer]:
    """Every answer row of the survey, read straight from the database."""
    engine = db.make_engine(db_url)
    try:
        survey = store.get(engine, code)
        return list(store.answers(engine, survey))
    finally:
        engine.dispose()


def rows(db_url: str, code: str) -> int:
    """The survey's rows in the survey_answers table, counted in SQL (not through the store's code)."""
    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = sql_text(
                "SELECT count(*) FROM survey_answers a JOIN surveys s ON s.id = a.survey_id WHERE s.code = :code"
            )
            return int(conn.execute(query, {"code": code}).scalar_one())
    finally:
        engine.dispose()


T = TypeVar("T")


def in_thread(coro: Coroutine[Any, Any, T]) -> T:
    """Run websocket clients in a thread of their own: the browser tests' Playwright (sync API) keeps an
    event loop running in the main thread, where asyncio.run refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
