"""Through nginx (deploy/nginx/kuntaluotain.conf) in front of two app processes on one PostgreSQL: security
headers, the body limit, the websocket upgrade, sticky routing by cookie, and 30 residents answering the
survey over Streamlit's websocket protocol with every answer stored exactly once. Answers are test data."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import random
import secrets
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text as sql_text

from foresight import survey as sv
from foresight import survey_store as store
from foresight.i18n import t
from tests.proxy import survey_client as sc
from tests.proxy.stack import Stack
from tests.workshop.load_client import FINISHED, RunFailed, Session

pytestmark = [pytest.mark.proxy, pytest.mark.postgres]


def _csp(headers: dict[str, str]) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive → sources."""
    out = {}
    for part in headers["content-security-policy"].split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


@pytest.mark.parametrize(
    "path", ["/", "/answer?s=ABCDEF", "/_stcore/health", "/healthz", "/answer/_stcore/host-config"]
)
def test_security_headers_on_every_answer(stack: Stack, path: str) -> None:
    status, headers, _ = stack.get(path)
    assert status in (200, 404)
    csp = _csp(headers)
    host = urlsplit(stack.url).netloc
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]  # never 'unsafe-eval' or another origin
    assert csp["connect-src"] == ["'self'", f"ws://{host}"]
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "server" not in headers or headers["server"] == "nginx"  # no version


def test_health_check_through_the_proxy(stack: Stack) -> None:
    for path in ("/healthz", "/_stcore/health"):
        status, _, body = stack.get(path)
        assert (status, body) == (200, b"ok")


def _post_length(stack: Stack, length: int) -> int:
    """The status nginx gives a POST announcing `length` bytes (an upload), before any byte is sent."""
    parts = urlsplit(stack.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("POST", "/_stcore/upload_file/x/y")
        conn.putheader("Content-Length", str(length))
        conn.putheader("Content-Type", "multipart/form-data; boundary=b")
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_upload_size_limit_is_the_apps_20_mb_plus_envelope(stack: Stack) -> None:
    assert _post_length(stack, 22 * 1024 * 1024) == 413  # refused by nginx, the app never sees it
    assert _post_length(stack, 21 * 1024 * 1024 + 1) == 413
    assert _post_length(stack, 0) != 413  # a small request reaches the app (which refuses an empty upload)


def test_route_cookie_is_set_once_and_sticks_to_one_process(stack: Stack) -> None:
    status, headers, _ = stack.get("/")
    assert status == 200
    cookie = headers["set-cookie"]
    assert cookie.startswith("kl_route=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    route = cookie.split(";")[0].split("=", 1)[1]
    assert len(route) == 32
    # The browser sends it back: no new cookie, and every request lands on the same process.
    for _ in range(6):
        _, again, _ = stack.get("/_stcore/health", route)
        assert "kl_route" not in again.get("set-cookie", "")
    assert len(stack.upstream_of(route)) == 1
    # Different browsers are spread over both processes.
    used: set[int] = set()
    for _ in range(30):
        other = secrets.token_hex(16)
        for _ in range(3):
            stack.get("/_stcore/health", other)
        ports = stack.upstream_of(other)
        assert len(ports) == 1, f"route {other} went to {ports}"
        used |= ports
    assert used == set(stack.ports)


def test_websocket_upgrade_through_the_proxy_on_the_cookies_process(stack: Stack) -> None:
    async def run() -> None:
        for port in stack.ports:
            route = stack.route_to(port)
            session = Session(
                stack.url, "answer", "s=NOCODE&lang=fi", headers={"Cookie": f"kl_route={route}"}
            )
            await session.connect()
            first = await session.rerun()
            assert first.status == FINISHED
            assert any("kysely" in t.lower() for t in first.texts()), first.texts()
            await session.close()
            await asyncio.sleep(0.2)  # nginx logs a websocket when it closes
            assert stack.upstream_of(route) == {port}
            stream = [r for r in stack.log() if r["route"] == route and "/_stcore/stream" in r["request"]]
            assert stream and all(r["status"] == "101" for r in stream)

    sc.in_thread(run())


def test_thirty_residents_through_the_proxy_each_answer_stored_once(stack: Stack) -> None:
    """30 residents at once: answer, press Send twice; 10 of them come back later (a new connection with the
    same browser cookie) and change their answer. The table must hold 30 rows, each the last answer sent."""
    code, _ = sc.make_survey(stack.db_url)
    definition = sv.make_definition("Kunta 2030", sc.PICKS, sc.STATEMENTS, "Mikä on tärkeintä?", sc.AREAS)
    rng = random.Random(15)
    residents = [(sc.token(), sc.answer(rng, i)) for i in range(30)]
    changed = {i: sc.answer(rng, 100 + i) for i in range(0, 30, 3)}

    async def resident(i: int) -> dict:
        tok, raw = residents[i]
        session, _ = await sc.open_answer(stack.url, code, tok)
        try:
            for _ in range(2):  # a double submit
                assert sc.saved(await sc.submit(session, raw))
        finally:
            await session.close()
        if i in changed:
            session, _ = await sc.open_answer(stack.url, code, tok)
            try:
                assert sc.saved(await sc.submit(session, changed[i]))
            finally:
                await session.close()
            return changed[i]
        return raw

    async def everyone() -> list[dict]:
        return list(await asyncio.gather(*(resident(i) for i in range(30))))

    try:
        final = sc.in_thread(everyone())
    except RunFailed as err:
        pytest.fail(f"a resident's run failed: {err}")
    assert sc.rows(stack.db_url, code) == 30
    expected = sorted((sv.validate(definition, raw) for raw in final), key=lambda a: a.open_text)
    assert sorted(sc.stored(stack.db_url, code), key=lambda a: a.open_text) == expected
    # Both processes served residents (sticky per browser, spread over browsers).
    streams = {
        r["upstream"] for r in stack.log() if "/_stcore/stream" in r["request"] and r["status"] == "101"
    }
    assert len(streams) == 2


def _hits(db_url: str, code: str) -> tuple[str, list[str]]:
    """The survey's salt and the address hashes of its rate-limit records, read in SQL."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            salt = conn.execute(
                sql_text("SELECT salt FROM surveys WHERE code = :c"), {"c": code}
            ).scalar_one()
            rows = conn.execute(
                sql_text(
                    "SELECT h.address FROM survey_hits h JOIN surveys s ON s.id = h.survey_id WHERE s.code = :c"
                ),
                {"c": code},
            )
            return str(salt), [str(r[0]) for r in rows]
    finally:
        engine.dispose()


def test_resident_address_passes_the_proxy_unforged_and_the_rate_limit_holds(stack: Stack) -> None:
    """A resident at 127.0.0.2 (another machine, as far as nginx knows) sends a forged X-Forwarded-For: the
    app rate-limits by 127.0.0.2, the address nginx saw, and refuses the 21st answer within the hour."""
    code, _ = sc.make_survey(stack.db_url)
    rng = random.Random(7)
    forged = {"X-Forwarded-For": "203.0.113.7"}

    async def run() -> list[bool]:
        out = []
        for i in range(store.RATE_LIMIT + 1):  # every one a different browser, all from one address
            session, _ = await sc.open_answer(
                stack.url, code, sc.token(), headers=forged, local_addr=("127.0.0.2", 0)
            )
            result = await sc.submit(session, sc.answer(rng, i))
            out.append(sc.saved(result))
            if not out[-1]:
                assert result.alerts("ERROR") == [t("survey.error.rate", "fi")]
            await session.close()
        return out

    assert sc.in_thread(run()) == [True] * store.RATE_LIMIT + [False]
    salt, hits = _hits(stack.db_url, code)
    expected = hmac.new(bytes.fromhex(salt), b"127.0.0.2", hashlib.sha256).hexdigest()
    assert hits == [expected] * store.RATE_LIMIT
    assert sc.rows(stack.db_url, code) == store.RATE_LIMIT
