"""A local HTTP server standing in for the statistics APIs, serving real responses and crafted faults."""

from __future__ import annotations

import fnmatch
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

import numpy as np
import pandas as pd
import pytest

from foresight.build.common import RAW_DIR
from foresight.snapshot import SNAPSHOT_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KTA_FILE = FIXTURES / "statfin_kta_key_figures_2020_jsonstat2.json"
PROJECTION_FILE = FIXTURES / "statfin_vaenn_14wx_projection_2024_jsonstat2.json.gz"
KTA_PATH = "/statfin/Kuntien_talous_ja_toiminta/Kunnat/9._Tunnusluvut/006_kta_19_2020.px"
PROJECTION_PATH = "/statfin/StatFin/vaenn/14wx.px"


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


class PxTable:
    """A PxWeb v1 table as the API serves it: metadata on GET, any query of it on POST, within a cell limit.

    `doc` is the whole table as a JSON-stat 2.0 dataset; every one of its dimensions is a variable that cannot
    be eliminated (so the API returns it). `extra` are variables the metadata lists but the TEST DATA leaves
    out (a query asks one value of them, e.g. Sukupuoli SSS): they count as cells and may be eliminated.
    """

    def __init__(
        self, doc: dict, extra: dict[str, list[str]] | None = None, body: bytes | None = None
    ) -> None:
        self.doc, self.extra, self.body = doc, extra or {}, body
        self.codes = {d: _category_codes(doc["dimension"][d]) for d in doc["id"]}
        time_dims = doc.get("role", {}).get("time") or [d for d in doc["id"] if d in ("Vuosi", "Kuukausi")]
        self.time = set(time_dims)
        self._cube: np.ndarray | None = None

    def metadata(self) -> dict:
        variables = [
            {"code": d, "text": self.doc["dimension"][d].get("label", d), "values": self.codes[d],
             "valueTexts": [self.doc["dimension"][d]["category"].get("label", {}).get(c, c) for c in self.codes[d]],
             "elimination": False, "time": d in self.time}
            for d in self.doc["id"]
        ]  # fmt: skip
        variables += [
            {
                "code": code,
                "text": code,
                "values": values,
                "valueTexts": values,
                "elimination": True,
                "time": False,
            }
            for code, values in self.extra.items()
        ]
        return {"title": self.doc.get("label", ""), "variables": variables}

    def cube(self) -> np.ndarray:
        if self._cube is None:
            self._cube = np.array(self.doc["value"], dtype=object).reshape(self.doc["size"])
        return self._cube

    def answer(self, body: bytes, max_cells: int | None) -> Reply:
        """PxWeb's answer to a query: 404 for an unknown variable, 400 for an unknown value, 403 when the query
        selects more cells than `max_cells` (as PxWeb's SSDHandler: "Too many values selected")."""
        query = {q["code"]: q["selection"] for q in json.loads(body)["query"]}
        known = set(self.codes) | set(self.extra)
        if set(query) - known:
            return Reply(404, b'{"error":"Parameter error"}')
        picks, cells = [], 1
        for code in [*self.doc["id"], *self.extra]:
            values = self.codes.get(code) or self.extra[code]
            selection = query.get(code)
            if selection is None:
                chosen = values if code in self.codes else []  # an omitted extra variable is eliminated
            elif selection["filter"] == "all":
                chosen = [v for v in values if any(fnmatch.fnmatchcase(v, p) for p in selection["values"])]
            elif selection["filter"] == "item":
                if set(selection["values"]) - set(values):
                    return Reply(
                        400, f'{{"error":"The request for variable \'{code}\' has an error"}}'.encode()
                    )
                chosen = [v for v in values if v in set(selection["values"])]
            else:
                return Reply(400, b'{"error":"filter not supported by the test server"}')
            cells *= max(len(chosen), 1)
            if code in self.codes:
                picks.append(chosen)
        if max_cells is not None and cells > max_cells:
            return Reply(403, b'{"error":"Too many values selected"}')
        if self.body is not None and all(
            len(c) == len(self.codes[d]) for d, c in zip(self.doc["id"], picks, strict=True)
        ):
            return Reply(body=self.body)  # the whole table: the response exactly as it was given
        doc = {k: v for k, v in self.doc.items() if k not in ("dimension", "size", "value")}
        doc["dimension"] = {}
        for code, chosen in zip(self.doc["id"], picks, strict=True):
            dim = self.doc["dimension"][code]
            category = {**dim["category"], "index": {c: i for i, c in enumerate(chosen)}}
            if isinstance(category.get("label"), dict):
                category["label"] = {c: category["label"][c] for c in chosen if c in category["label"]}
            doc["dimension"][code] = {**dim, "category": category}
        doc["size"] = [len(c) for c in picks]
        positions = [
            [self.codes[code].index(c) for c in chosen]
            for code, chosen in zip(self.doc["id"], picks, strict=True)
        ]
        doc["value"] = self.cube()[np.ix_(*positions)].ravel().tolist()
        return Reply(body=json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def _category_codes(dim: dict) -> list[str]:
    index = dim["category"].get("index")
    if isinstance(index, dict):
        return sorted(index, key=index.get)
    return list(index) if index is not None else list(dim["category"]["label"])


def px_table(body: bytes, key: str | None = None) -> PxTable:
    """A served table from a JSON-stat body; the configured query's variables missing from it become extras."""
    from foresight import pxjson
    from foresight.refresh.roles import answer_variables
    from tests.refresh import api_shapes

    doc = json.loads(body)
    extra = {}
    if key is not None:
        spec = api_shapes.table(key)
        found = pxjson.assign_roles(answer_variables(doc), spec.roles)
        for item in spec.query:
            name = item.get("code") or item["role"]
            if name not in found and name not in doc["id"]:
                extra[api_shapes.OLD_NAMES.get(name, name)] = list(item["selection"]["values"])
    return PxTable(doc, extra, body)


def config_body(max_cells: int = 100_000, max_calls: int = 1000, window: int = 1) -> bytes:
    """TEST DATA: a PxWeb v1 `?config` answer (its fields as PxWeb's SSDHandler writes them)."""
    return json.dumps({"maxValues": max_cells, "maxCells": max_cells, "maxCalls": max_calls,
                       "timeWindow": window, "CORS": True}).encode()  # fmt: skip


class FakeApi:
    """Routes path → replies; each request takes the next reply, the last one repeats.

    A path may also hold a PxTable: GET answers its metadata and POST any query of it (within `max_cells`).
    Canned replies set for a path win over its table for POST (faults), `meta` replies for GET.
    """

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.tables: dict[str, PxTable] = {}
        self.meta: dict[str, Reply] = {}
        self.max_cells: int | None = None
        self.requests: list[tuple[str, str, float]] = []
        self.bodies: list[tuple[str, bytes]] = []  # POST bodies by path
        self.url = ""
        # PxWeb's call limit, enforced: more than `calls` StatFin requests within `window` seconds get HTTP 429.
        self.call_limit: tuple[int, float] | None = None
        self.refused: list[str] = []

    def over_call_limit(self, path: str, now: float) -> bool:
        if self.call_limit is None or not path.startswith("/statfin"):
            return False
        calls, window = self.call_limit
        recent = [t for _, p, t in self.requests if p.startswith("/statfin") and now - t < window]
        return len(recent) > calls

    def set(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def next(self, path: str, method: str = "GET", body: bytes = b"") -> Reply:
        if method == "GET" and path in self.meta:
            return self.meta[path]
        if path in self.tables and (method == "GET" or path not in self.routes):
            table = self.tables[path]
            return (
                table.answer(body, self.max_cells)
                if method == "POST"
                else Reply(body=json.dumps(table.metadata()).encode())
            )
        replies = self.routes.get(path)
        if not replies:
            return Reply(404, b'{"error": "no such table"}')
        return replies.pop(0) if len(replies) > 1 else replies[0]

    def count(self, path: str, method: str | None = None) -> int:
        return sum(1 for m, p, _ in self.requests if p == path and method in (None, m))


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
            body = self.rfile.read(length) if length else b""
            fake.requests.append((self.command, path, time.monotonic()))
            if self.command == "POST":
                fake.bodies.append((path, body))
            if fake.over_call_limit(path, fake.requests[-1][2]):
                fake.refused.append(path)
                reply = Reply(429, b'{"error":"Too many requests"}')
            else:
                reply = fake.next(path, self.command, body)
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
    built from the shipped raw files (tests/refresh/api_shapes.py). StatFin answers every query of a table
    by slicing it, so a query split into pieces gets the pieces of the same table.
    """
    from tests.refresh import api_shapes

    data, regions = sotkanet_fixture()
    # StatFin as PxWeb serves it: a config endpoint, metadata on GET, queries on POST refused over 100 000 cells.
    api.set("/statfin/", Reply(body=config_body()))
    api.max_cells = 100_000
    api.tables[KTA_PATH] = px_table(kta_body(), "kta_key_figures")
    api.tables[PROJECTION_PATH] = px_table(projection_body(), "population_projection_2024")
    for key, make in api_shapes.STATFIN_BODIES.items():
        api.tables[f"/statfin/{api_shapes.table(key).path}"] = px_table(make(), key)
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
