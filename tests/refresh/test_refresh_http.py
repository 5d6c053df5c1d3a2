"""The HTTP client against a local server: retries honour Retry-After, back-off doubles, timeouts, offline."""

import socket
import time

import pytest

from foresight.refresh import http
from tests.refresh.refresh_helpers import Reply


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_429_then_success_honours_retry_after(api):
    api.set("/t", Reply(429, b"slow down", {"Retry-After": "2"}), Reply(200, b'{"ok": 1}'))
    waits: list[float] = []
    assert http.get_json(api.url + "/t", backoff=0.01, sleep=waits.append) == {"ok": 1}
    assert waits == [2.0]  # the server's Retry-After, not our 0.01 s back-off
    assert api.count("/t") == 2


def test_500_backs_off_exponentially_then_succeeds(api):
    api.set("/t", Reply(500), Reply(502), Reply(503), Reply(200, b"done"))
    waits: list[float] = []
    assert http.request(api.url + "/t", backoff=0.5, retries=3, sleep=waits.append) == b"done"
    assert waits == [0.5, 1.0, 2.0]


def test_500_forever_gives_up_with_the_status(api):
    api.set("/t", Reply(500))
    with pytest.raises(http.FetchError, match=r"HTTP 500 .* after 3 attempts") as info:
        http.request(api.url + "/t", retries=2, backoff=0.001)
    assert info.value.status == 500 and api.count("/t") == 3


def test_404_is_not_retried(api):
    api.set("/other", Reply(200))
    with pytest.raises(http.FetchError, match="HTTP 404") as info:
        http.request(api.url + "/missing", retries=3, backoff=0.001)
    assert info.value.status == 404 and api.count("/missing") == 1


def test_timeout_is_retried_then_reported(api):
    api.set("/slow", Reply(200, b"late", delay=1.5))
    started = time.monotonic()
    with pytest.raises(http.FetchError, match=r"no answer within 0.2 s after 2 attempts"):
        http.request(api.url + "/slow", timeout=0.2, retries=1, backoff=0.01)
    assert time.monotonic() - started < 1.2


def test_retry_after_as_http_date():
    assert http.retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == pytest.approx(10.0)
    assert http.retry_after("soon") is None and http.retry_after(None) is None


def test_connection_refused_is_offline_at_once():
    started = time.monotonic()
    with pytest.raises(http.OfflineError, match="check the network"):
        http.request(f"http://127.0.0.1:{closed_port()}/x", retries=5, backoff=1.0)
    assert time.monotonic() - started < 1.0  # no retries for an unreachable host


def test_unresolvable_host_fails_fast():
    started = time.monotonic()
    with pytest.raises(http.OfflineError):
        http.check_reachable("https://statistics.invalid/api", timeout=2.0)
    assert time.monotonic() - started < 3.0


def test_truncated_json_is_named():
    with pytest.raises(http.FetchError, match="truncated"):
        http.decode_json(b'{"version": "2.0", "value": [1, 2')
