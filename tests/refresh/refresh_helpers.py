"""A local HTTP server standing in for the statistics APIs, serving real responses and crafted faults."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from foresight.build.common import RAW_DIR
from foresight.snapshot import SNAPSHOT_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KTA_FILE = FIXTURES / "statfin_kta_key_figures_2020_jsonstat2.json"
PROJECTION_FILE = FIXTURES / "statfin_vaenn_14wx_projection_2024_jsonstat2.json.gz"
KTA_PATH = "/statfin/Kuntien_talous_ja_toiminta/Kunnat/9._Tunnusluvut/006_kta_19_2020.px"
PROJECTION_PATH = "/statfin/StatFin/vaenn/statfin_vaenn_pxt_14wx.px"


def kta_body() -> bytes:
    """The real Statistics Finland key-figure response, unchanged."""
    return KTA_FILE.read_bytes()


def projection_body() -> bytes:
    """The real Statistics Finland projection response, unchanged (stored gzipped)."""
    return gzip.decompress(PROJECTION_FILE.read_bytes())


def edited_kta(edit) -> bytes:
    """TEST DATA: the real key-figure response with a deliberate fault applied by `edit(doc)`."""
    doc = json.loads(kta_body())
    edit(doc)
    return json.dumps(doc).encode("utf-8")


@dataclass
class Reply:
    """One canned answer: status, body, headers, and a delay before answering."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeApi:
    """Routes path → replies; each request takes the next reply, the last one repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, str, float]] = []
        self.url = ""

    def set(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def next(self, path: str) -> Reply:
        replies = self.routes.get(path)
        if not replies:
            return Reply(404, b'{"error": "no such table"}')
        return replies.pop(0) if len(replies) > 1 else replies[0]

    def count(self, path: str) -> int:
        return sum(1 for _, p, _ in self.requests if p == path)


def sotkanet_fixture() -> tuple[bytes, bytes]:
    """TEST DATA in the Sotkanet API's JSON shape, made from the shipped raw file of indicator 127.

    The values are the real published populations; the region ids (1000 + n) are invented for the test.
    """
    frame = pd.read_csv(RAW_DIR / "population_2000_2022_sotkanet_geofi.csv", dtype={"municipality_code": str})
    codes = sorted(frame["municipality_code"].unique())
    ids = {code: 1000 + i for i, code in enumerate(codes)}
    regions = [{"id": ids[c], "code": str(int(c)), "category": "KUNTA", "title": {"fi": c}} for c in codes]
    regions.append({"id": 1, "code": "SSS", "category": "MAA", "title": {"fi": "Koko maa"}})
    rows = [
        {
            "indicator": 127,
            "region": ids[c],
            "year": int(y),
            "gender": "total",
            "value": float(v),
            "absValue": float(v),
        }
        for c, y, v in frame[["municipality_code", "year", "population_31dec"]].itertuples(index=False)
    ]
    rows.append({"indicator": 127, "region": 1, "year": 2022, "gender": "total", "value": 5563970.0})
    return json.dumps(rows).encode(), json.dumps(regions).encode()


@contextmanager
def serve() -> Iterator[FakeApi]:
    """A threaded local server on a free port; callers set its routes."""
    fake = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            path, _, query = self.path.partition("?")
            # Sotkanet serves every indicator on one path: "/json?indicator=493" may have a route of its own.
            # Two entries ask indicator 127 over different years: "…&years=1990" is the first year asked.
            params = urllib.parse.parse_qs(query)
            indicator, first = params.get("indicator", [""])[0], params.get("years", [""])[0]
            for keyed in (f"{path}?indicator={indicator}&years={first}", f"{path}?indicator={indicator}"):
                if indicator and keyed in fake.routes:
                    path = keyed
                    break
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            fake.requests.append((self.command, path, time.monotonic()))
            reply = fake.next(path)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def api() -> Iterator[FakeApi]:
    """The local server for one test."""
    with serve() as fake:
        yield fake


def serve_real(api: FakeApi) -> None:
    """Routes for a complete, healthy refresh of every configured source.

    The two StatFin tables of fixtures/ are real responses; the others are TEST DATA in the APIs' shapes,
    built from the shipped raw files (tests/refresh/api_shapes.py).
    """
    from tests.refresh import api_shapes

    data, regions = sotkanet_fixture()
    api.set(KTA_PATH, Reply(body=kta_body()))
    api.set(PROJECTION_PATH, Reply(body=projection_body()))
    for key, make in api_shapes.STATFIN_BODIES.items():
        api.set(f"/statfin/{api_shapes.table(key).path}", Reply(body=make()))
    dump, dump_regions = api_shapes.sotkanet_dump()
    api.set("/sotkanet/regions", Reply(body=merge_regions(regions, dump_regions)))
    api.set("/sotkanet/json", Reply(body=data))  # indicator 127 (population file)
    for indicator, body in dump.items():
        suffix = "&years=1990" if indicator == 127 else ""  # the dump's own 1990–2012 populations
        api.set(f"/sotkanet/json?indicator={indicator}{suffix}", Reply(body=body))


def config_with(keys: set[str], folder: Path) -> Path:
    """A copy of refresh.toml keeping only the given table/indicator entries (for tests about one source)."""
    from foresight.refresh.config import CONFIG_FILE

    out, keep = [], True
    for line in CONFIG_FILE.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[\[?(?:statfin\.tables|sotkanet\.indicators)\.([a-z0-9_]+)", line)
        if header:
            keep = header.group(1) in keys
        elif line.startswith("["):
            keep = True
        if keep:
            out.append(line)
    path = folder / "refresh.toml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def merge_regions(*bodies: bytes) -> bytes:
    """TEST DATA: one /regions list from the two fixtures (their invented region ids must not collide)."""
    regions: dict[object, dict] = {}
    for body in bodies:
        for region in json.loads(body):
            regions.setdefault(region["id"], region)
    return json.dumps(list(regions.values()), ensure_ascii=False).encode("utf-8")


@pytest.fixture
def snapshot_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary copy of the snapshot, made the app's snapshot through KUNTALUOTAIN_SNAPSHOT."""
    target = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, target)
    monkeypatch.setenv("KUNTALUOTAIN_SNAPSHOT", str(target))
    return target


def fingerprint(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, to prove a folder was not touched."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
