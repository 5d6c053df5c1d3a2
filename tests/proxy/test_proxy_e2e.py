"""A phone in Chromium answering the residents' survey THROUGH nginx in front of two app processes on one
PostgreSQL: the page renders under the proxy's Content-Security-Policy with nothing but the expected refusals,
axe passes, the answer cookie keeps the answer across a reload; and one app process crashing mid-survey
loses no answer. Screenshots go to artifacts/screenshots/proxy_*.png. Every answer here is test data."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import TypeVar

import pytest

from foresight import survey as sv
from foresight.i18n import t
from tests.e2e.axe import run_axe, summary
from tests.e2e.conftest import shot, wait_ready
from tests.proxy import survey_client as sc
from tests.proxy.stack import Stack, Unavailable, proxy_stack
from tests.proxy.survey_client import in_thread
from tests.workshop.load_client import RunFailed

pytestmark = [pytest.mark.e2e, pytest.mark.proxy, pytest.mark.postgres]
PHONE = {"width": 390, "height": 844}
T = TypeVar("T")
SAVED = "Kiitos! Vastauksesi on tallennettu."
# Collected in the page: every Content-Security-Policy refusal.
CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI));
"""


def violations(pg) -> list[str]:  # type: ignore[no-untyped-def]
    """The policy refusals seen in the page and in its frames (the report preview is an iframe)."""
    return [v for frame in pg.frames for v in frame.evaluate("window.__csp || []")]


def unexpected(seen: list[str]) -> list[str]:
    """Refusals other than the one the policy means (deploy/nginx/kuntaluotain.conf): the protobuf library's
    WebAssembly probe (it falls back to plain JS). The favicon is the app's own file, so nothing is fetched
    from Google's fonts."""
    return [v for v in seen if v != "script-src wasm-eval"]


@pytest.fixture
def fresh_stack(tmp_path) -> Iterator[Stack]:
    try:
        with proxy_stack(tmp_path) as running:
            yield running
    except Unavailable as err:
        pytest.skip(str(err))


def open_phone(browser, stack: Stack, code: str):  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    context.add_init_script(CSP_WATCH)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    response = pg.goto(f"{stack.url}/answer?s={code}&lang=fi")
    assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    wait_ready(pg)
    return context, pg


def statement(pg, label: str, value: int):  # type: ignore[no-untyped-def]
    """The radio button of one five-point statement ("4 jokseenkin samaa mieltä" and so on)."""
    return pg.get_by_role("radiogroup", name=label).get_by_role("radio").nth(value - 1)


def choose(pg, label: str, value: int) -> None:  # type: ignore[no-untyped-def]
    # Streamlit hides the input itself; its label is what a finger taps.
    pg.get_by_role("radiogroup", name=label).locator("label").nth(value - 1).click()


def send(pg) -> None:  # type: ignore[no-untyped-def]
    pg.get_by_role("button", name="Lähetä vastaus").click()
    pg.get_by_text(SAVED).wait_for()
    wait_ready(pg)


def test_phone_answers_through_the_proxy(browser, stack: Stack) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    code, _ = sc.make_survey(stack.db_url)
    context, pg = open_phone(browser, stack, code)
    assert pg.locator("h1").first.inner_text() == "Kunta 2030"
    assert pg.evaluate("document.documentElement.lang") == "fi"  # the app's inline script ran under the CSP
    shot(pg, "proxy_phone_opened")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    choose(pg, sc.STATEMENTS[0], 4)
    pg.get_by_label("Mikä on tärkeintä?").fill("Kirjasto auki iltaisin")
    send(pg)
    shot(pg, "proxy_phone_answered")
    [answer] = sc.stored(stack.db_url, code)
    assert answer.statements == {"s1": 4} and answer.open_text == "Kirjasto auki iltaisin"
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["kl_route"]["httpOnly"] and f"kl_survey_{code}" in cookies
    # A reload finds the answer again (the cookie), and a changed answer replaces it.
    pg.reload()
    wait_ready(pg)
    assert statement(pg, sc.STATEMENTS[0], 4).is_checked()
    choose(pg, sc.STATEMENTS[1], 5)
    send(pg)
    shot(pg, "proxy_phone_changed")
    assert sc.rows(stack.db_url, code) == 1
    assert sc.stored(stack.db_url, code)[0].statements == {"s1": 4, "s2": 5}
    assert unexpected(violations(pg)) == []
    context.close()


def test_one_app_process_crashes_mid_survey_no_answer_lost(browser, fresh_stack: Stack) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """10 residents have answered, a phone has answered, 6 residents have the form open on the phone's process;
    that process is killed. The 6 reconnect (same browser cookie) and send, the phone's page reconnects by
    itself and changes its answer, and every answer is there; the restarted process takes residents again."""
    stack = fresh_stack
    code, _ = sc.make_survey(stack.db_url)
    rng = random.Random(2030)
    done = [(sc.token(), sc.answer(rng, i)) for i in range(10)]
    waiting = [(sc.token(), sc.answer(rng, 100 + i)) for i in range(6)]

    async def answer_all() -> None:
        for tok, raw in done:
            session, _ = await sc.open_answer(stack.url, code, tok)
            assert sc.saved(await sc.submit(session, raw))
            await session.close()

    in_thread(answer_all())
    context, pg = open_phone(browser, stack, code)
    choose(pg, sc.STATEMENTS[0], 4)
    send(pg)
    route = next(c["value"] for c in context.cookies() if c["name"] == "kl_route")
    [doomed] = stack.upstream_of(route)
    survivor = next(p for p in stack.ports if p != doomed)
    doomed_route = stack.route_to(doomed)

    async def crash_mid_form() -> int:
        sessions = []
        for tok, _ in waiting:
            session, _ = await sc.open_answer(stack.url, code, tok, route=doomed_route)
            sessions.append(session)
        stack.kill_app(doomed)
        reconnected = 0
        for session, (tok, raw) in zip(sessions, waiting, strict=True):
            try:
                run = await sc.submit(session, raw)
            except (
                RunFailed
            ):  # the process is gone: the browser reconnects and the resident presses Send again
                await session.close()
                reconnected += 1
                session, _ = await sc.open_answer(stack.url, code, tok)
                run = await sc.submit(session, raw)
            assert sc.saved(run)
            await session.close()
        return reconnected

    assert in_thread(crash_mid_form()) == len(waiting)
    # The phone's page reconnects through nginx to the other process and finds its answer by the cookie.
    pg.wait_for_timeout(1500)
    wait_ready(pg, 90_000)
    assert statement(pg, sc.STATEMENTS[0], 4).is_checked()
    choose(pg, sc.STATEMENTS[0], 5)
    send(pg)
    shot(pg, "proxy_phone_after_failover")
    assert stack.upstream_of(route) == {doomed, survivor}
    assert sc.rows(stack.db_url, code) == len(done) + 1 + len(waiting)
    stored = {a.open_text: a for a in sc.stored(stack.db_url, code)}
    for _, raw in done + waiting:
        assert raw["open"] in stored
    assert stored[""].statements == {"s1": 5}  # the phone's (it wrote no open answer)
    context.close()

    # The crashed process is restarted: after nginx's fail_timeout it serves its residents again.
    stack.start_app(doomed)
    back = None
    deadline = time.monotonic() + 40
    while back is None and time.monotonic() < deadline:
        try:
            back = stack.route_to(doomed, tries=16)
        except AssertionError:
            time.sleep(1)
    assert back is not None, "nginx did not send anyone to the restarted process"

    async def newcomer() -> None:
        session, _ = await sc.open_answer(stack.url, code, sc.token(), route=back)
        assert sc.saved(await sc.submit(session, sc.answer(rng, 999)))
        await session.close()

    in_thread(newcomer())
    assert stack.upstream_of(back) == {doomed}
    assert sc.rows(stack.db_url, code) == len(done) + len(waiting) + 2


@pytest.mark.parametrize("path", ["/", "/trends", "/report"])
def test_app_pages_render_under_the_policy(browser, stack: Stack, path: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The rest of the app behind the same proxy: the front page, a Plotly chart page and the report's iframe
    render with no policy refusal but the two intended ones."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(stack.url + path)
    wait_ready(pg, 120_000)
    if path == "/trends":
        pg.locator(".js-plotly-plot .main-svg").first.wait_for()
    if path == "/report":
        assert pg.locator("iframe").count() >= 1
    assert unexpected(violations(pg)) == []
    context.close()


def test_a_choice_changed_after_a_restart_and_a_switch_is_stored_as_changed(
    browser, fresh_stack: Stack
) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The case that sank the earlier carry-over of unsent choices (reverted in b3b36b3): a phone chooses 4
    and does not send, its app process restarts while the page stays open (the page reconnects to a new
    session), the resident changes to 5 and switches to Svenska, then sends: 5 is stored, never the 4."""
    stack = fresh_stack
    code, _ = sc.make_survey(stack.db_url)
    context, pg = open_phone(browser, stack, code)
    choose(pg, sc.STATEMENTS[0], 4)
    route = next(c["value"] for c in context.cookies() if c["name"] == "kl_route")
    [serving] = stack.upstream_of(route)
    stack.kill_app(serving)
    stack.start_app(serving)
    pg.wait_for_timeout(1500)
    wait_ready(pg, 90_000)
    choose(pg, sc.STATEMENTS[0], 5)
    pg.locator(".st-key-room_lang").get_by_role("radio", name="Svenska", exact=True).click()
    pg.wait_for_function("() => document.documentElement.lang === 'sv'")
    wait_ready(pg)
    assert [statement(pg, sc.STATEMENTS[0], k).is_checked() for k in sv.SCALE] == [False] * 4 + [True]
    pg.get_by_role("button", name=t("survey.submit", "sv")).click()
    pg.get_by_text(t("survey.saved", "sv", closes="X").split(".")[0]).wait_for()
    shot(pg, "proxy_phone_restart_switch_sent")
    [answer] = sc.stored(stack.db_url, code)
    assert answer.statements == {"s1": 5}
    context.close()
