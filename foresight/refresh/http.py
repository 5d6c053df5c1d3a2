"""A small HTTP client on urllib: timeout, retries with exponential back-off, quick failure when offline."""

from __future__ import annotations

import email.utils
import http.client
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

RETRY_STATUSES = frozenset({429, 500, 502, 503})
USER_AGENT = "kuntaluotain-refresh/0.1 (+municipal foresight; urllib)"
LOG = logging.getLogger("foresight.refresh")
MAX_BYTES = 200 * 1024 * 1024  # a whole StatFin table is far smaller; anything bigger is a wrong answer


class FetchError(RuntimeError):
    """A request failed for good (after retries, or a status that retrying cannot fix)."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class OfflineError(FetchError):
    """The host cannot be reached at all (no DNS, connection refused, network unreachable)."""


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _is_offline(reason: object) -> bool:
    """Whether a URLError reason means the host is unreachable rather than slow or failing."""
    if isinstance(reason, socket.gaierror | ConnectionRefusedError):
        return True
    return isinstance(reason, OSError) and reason.errno in {101, 111, 113}  # unreachable / refused


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 20.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_wait: float = 60.0,
    max_bytes: int = MAX_BYTES,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The response body of a request; retries 429/500/502/503 and timeouts, honouring Retry-After."""
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/csv;q=0.9, */*;q=0.5"}
    all_headers.update(headers or {})
    last = ""
    for attempt in range(retries + 1):
        wait = backoff * 2**attempt
        req = urllib.request.Request(url, data=body, headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                data: bytes = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(f"{url}: response larger than {max_bytes} bytes, refused", url=url)
            return data
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRY_STATUSES:
                detail = exc.read(300).decode("utf-8", "replace").strip()
                raise FetchError(
                    f"{url}: HTTP {exc.code} {exc.reason}" + (f" — {detail}" if detail else ""),
                    url=url,
                    status=exc.code,
                ) from None
            last = f"HTTP {exc.code} {exc.reason}"
            # The server's own Retry-After wins over our back-off, within reason.
            told = retry_after(exc.headers.get("Retry-After"))
            wait = wait if told is None else told
            status: int | None = exc.code
        except urllib.error.URLError as exc:
            if _is_offline(exc.reason):
                raise OfflineError(
                    f"cannot reach {url} ({exc.reason}); check the network connection", url=url
                ) from None
            if not isinstance(exc.reason, TimeoutError | socket.timeout):
                raise FetchError(f"{url}: {exc.reason}", url=url) from None
            last, status = f"no answer within {timeout:g} s", None
        except TimeoutError:
            last, status = f"no answer within {timeout:g} s", None
        except ConnectionRefusedError as exc:
            raise OfflineError(f"cannot reach {url} ({exc}); check the network connection", url=url) from None
        except (ConnectionError, http.client.HTTPException) as exc:
            last, status = f"connection broken ({exc!r})", None
        if attempt < retries:
            LOG.warning("  %s: %s; retrying in %.1f s", url, last, min(wait, max_wait))
            sleep(min(wait, max_wait))
    raise FetchError(f"{url}: {last} after {retries + 1} attempts", url=url, status=status)


def get_json(url: str, **options: Any) -> Any:
    """GET a URL and decode its JSON body."""
    return decode_json(request(url, **options), url)


def post_json(url: str, payload: object, **options: Any) -> bytes:
    """POST a JSON payload; returns the raw body (the caller decides how to decode it)."""
    body = json.dumps(payload).encode("utf-8")
    return request(url, method="POST", body=body, headers={"Content-Type": "application/json"}, **options)


def decode_json(data: bytes, url: str = "") -> Any:
    """Decode a JSON body, saying clearly when it is cut short or not JSON at all."""
    text = data.decode("utf-8-sig", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{url}: " if url else ""
        if exc.pos >= len(text.rstrip()) - 1:
            raise FetchError(
                f"{where}the response ends in the middle of the JSON ({len(data)} bytes): truncated", url=url
            ) from None
        raise FetchError(
            f"{where}the response is not valid JSON ({exc.msg} at byte {exc.pos})", url=url
        ) from None


def check_reachable(url: str, timeout: float = 3.0) -> None:
    """Fail within `timeout` seconds with OfflineError when the URL's host cannot be resolved or connected.

    A resolver without network can hang for tens of seconds, so the lookup runs in a thread we stop waiting for.
    """
    import threading
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    outcome: list[BaseException | None] = []

    def probe() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            outcome.append(None)
        except BaseException as exc:  # reported to the caller below
            outcome.append(exc)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    if not outcome:
        raise OfflineError(
            f"cannot reach {host}:{port} within {timeout:g} s; check the network connection", url=url
        )
    if outcome[0] is not None:
        raise OfflineError(
            f"cannot reach {host}:{port} ({outcome[0]}); check the network connection", url=url
        )
