"""Big StatFin queries in pieces: limits from ?config, metadata checks, splitting, merging, request pacing.

The local server answers like PxWeb v1 (refresh_helpers.PxTable): metadata on GET, any query of a table on POST
by slicing it, and HTTP 403 "Too many values selected" for a query over its cell limit.
"""

import gzip
import json
import math
from dataclasses import replace

import pytest

from foresight.build.common import RAW_DIR
from foresight.refresh import http, pxweb, split
from foresight.refresh.config import HttpOptions, StatFinLimits, load_config
from foresight.refresh.convert import line_ending, write_raw
from foresight.refresh.run import fetch_all
from tests.refresh import api_shapes
from tests.refresh.refresh_helpers import (
    KTA_PATH,
    PxTable,
    Reply,
    config_body,
    config_with,
    kta_body,
    px_table,
)

KTA = "kta_key_figures"
FAST = dict(timeout=5.0, retries=0, backoff=0.01)


def served(api, key, body, max_cells):
    """Serve one table (and a ?config saying `max_cells`); returns its spec and path."""
    spec = api_shapes.table(key)
    path = f"/statfin/{spec.path}"
    api.tables[path] = px_table(body, key)
    api.max_cells = max_cells
    api.set("/statfin/", Reply(body=config_body(max_cells)))
    return spec, path


def raw_bytes(spec, body, folder):
    """The raw file a body converts to (decompressed), as the build would read it."""
    shipped = RAW_DIR / spec.raw_file
    data = write_raw(pxweb.convert(spec, body), folder / spec.raw_file, line_ending(shipped)).read_bytes()
    return gzip.decompress(data) if spec.raw_file.endswith(".gz") else data


def shipped_bytes(spec):
    data = (RAW_DIR / spec.raw_file).read_bytes()
    return gzip.decompress(data) if spec.raw_file.endswith(".gz") else data


def posted(api, path):
    """The cells each POST to `path` asked (every selection's value count multiplied)."""
    out = []
    for p, body in api.bodies:
        if p == path:
            out.append([len(q["selection"]["values"]) for q in json.loads(body)["query"]])
    return out


def test_limits_come_from_the_config_endpoint_else_refresh_toml(api):
    fallback = StatFinLimits(max_cells=1234, max_calls=7, time_window=3.0)
    api.set("/statfin/", Reply(body=config_body(max_cells=5000, max_calls=30, window=10)))
    limits = split.fetch_limits(f"{api.url}/statfin", fallback, None)
    assert (limits.max_cells, limits.max_calls, limits.time_window, limits.source) == (5000, 30, 10.0, "api")
    # Statistics Finland's answer has maxValues but may lack maxCells: maxValues is the limit then.
    only_values = (
        b'{"apiVersion":"1.0","defaultLanguage":"fi","maxValues":100000,"maxCalls":30,"timeWindow":10}'
    )
    api.set("/statfin/", Reply(body=only_values))
    assert split.fetch_limits(f"{api.url}/statfin", fallback, None).max_cells == 100_000
    for missing in (Reply(404, b'{"error":"Parameter error"}'), Reply(body=b"<html>maintenance</html>")):
        api.set("/statfin/", missing)
        limits = split.fetch_limits(f"{api.url}/statfin", fallback, replace(load_config().http, retries=0))
        assert (limits.max_cells, limits.max_calls, limits.source) == (1234, 7, "refresh.toml")
    assert load_config().statfin_limits.max_cells == 100_000  # refresh.toml's fallback
    assert split.config_url("https://x/PxWeb/api/v1/en/") == "https://x/PxWeb/api/v1/en/?config"


def test_server_refuses_a_query_over_its_limit(api):
    spec, path = served(api, KTA, kta_body(), max_cells=1000)  # the table is 1 860 cells
    with pytest.raises(http.FetchError, match="HTTP 403.*Too many values selected"):
        _, resolved = pxweb.read_metadata(spec, f"{api.url}/statfin", HttpOptions(), split.Pacer(0, 0))
        http.post_json(api.url + path, pxweb.query_body(spec, resolved.query), **FAST)
    # Told the real limit, the refresh asks in pieces instead, each within it.
    body = pxweb.fetch(spec, f"{api.url}/statfin", None, limits=split.ApiLimits(1000))
    assert [math.prod(cells) for cells in posted(api, path)[1:]] == [6 * 166, 6 * 144]
    assert json.loads(body)["size"] == [1, 310, 6, 1]


def test_big_table_in_pieces_converts_to_the_same_raw_file(api, tmp_path):
    """11re by age (the TEST DATA from the shipped raw file): ~750 000 cells, fetched within 100 000 a query."""
    key = "population_11re"
    whole = api_shapes.STATFIN_BODIES[key]()
    spec, path = served(api, key, whole, max_cells=100_000)
    doc = json.loads(whole)
    years = doc["size"][doc["id"].index("Vuosi")]
    per_year = math.prod(doc["size"]) // years  # Sukupuoli SSS and Tiedot vaesto add no cells
    expected = math.ceil(years / (100_000 // per_year))
    body = pxweb.fetch(
        spec, f"{api.url}/statfin", None, limits=split.fetch_limits(f"{api.url}/statfin", StatFinLimits())
    )
    assert api.count(path, "GET") == 1 and api.count(path, "POST") == expected == 8
    assert all(math.prod(cells) <= 100_000 for cells in posted(api, path))  # the server refused none
    assert raw_bytes(spec, body, tmp_path) == shipped_bytes(spec)
    merged = json.loads(body)
    assert merged["id"] == doc["id"] and merged["size"] == doc["size"]
    assert merged["value"] == doc["value"]  # every value in its place
    for dim in doc["id"]:
        assert list(merged["dimension"][dim]["category"]["index"]) == list(
            doc["dimension"][dim]["category"]["index"]
        )


def test_split_and_unsplit_fetches_give_the_same_dataset_and_raw_file(api, tmp_path):
    """tyonv 12r5 by month (TEST DATA): ~205 000 cells, once whole (no limit) and once in pieces."""
    key = "labour_monthly"
    spec, path = served(api, key, api_shapes.STATFIN_BODIES[key](), max_cells=None)
    unsplit = pxweb.fetch(spec, f"{api.url}/statfin", None, limits=split.ApiLimits(10**9))
    assert api.count(path, "POST") == 1
    api.max_cells = 100_000
    pieces = pxweb.fetch(spec, f"{api.url}/statfin", None, limits=split.ApiLimits(100_000))
    assert api.count(path, "POST") == 1 + 3
    assert json.loads(pieces) == json.loads(unsplit)  # so the converter cannot tell them apart …
    assert raw_bytes(spec, pieces, tmp_path) == shipped_bytes(spec)  # … and it gives back the raw file


def test_two_variables_split_and_the_responses_folder_keeps_the_merged_body(api, tmp_path):
    """The real key-figure response served as a table; 200 cells a query: one key figure (310 cells) is too many,
    so each key figure is asked alone and its areas in two pieces (the configured split order)."""
    spec, path = served(api, KTA, kta_body(), max_cells=200)
    config = load_config(config_with({KTA}, tmp_path), statfin_url=f"{api.url}/statfin")
    config = replace(config, tables=(replace(config.tables[0], split=("Tunnusluku", "Alue")),), sotkanet=())
    frames = fetch_all(config, tmp_path / "responses")
    cells = posted(api, path)
    assert len(cells) == 6 * 2 and all(math.prod(c) <= 200 for c in cells)
    assert sorted({c[1] for c in cells}) == [1]  # Tunnusluku one at a time
    kept = (tmp_path / "responses" / f"statfin_{KTA}.json").read_bytes()
    assert sorted(p.name for p in (tmp_path / "responses").iterdir()) == [f"statfin_{KTA}.json"]
    assert raw_bytes(spec, kept, tmp_path) == shipped_bytes(spec)
    written = write_raw(frames[spec.raw_file], tmp_path / "f.csv", line_ending(RAW_DIR / spec.raw_file))
    assert written.read_bytes() == (RAW_DIR / spec.raw_file).read_bytes()
    # The merged dataset's dimensions keep the response's categories, labels and notes.
    merged, real = json.loads(kept), json.loads(kta_body())
    assert merged["dimension"]["Tunnusluku"]["category"] == real["dimension"]["Tunnusluku"]["category"]
    assert merged["dimension"]["Alue"]["category"]["label"] == real["dimension"]["Alue"]["category"]["label"]


def test_default_split_is_time_then_the_largest_selection():
    variables = {
        "Alue": split.Variable("Alue", tuple(f"KU{i:03d}" for i in range(300)), elimination=True),
        "Tiedot": split.Variable("Tiedot", ("a", "b", "c", "d")),
        "Vuosi": split.Variable("Vuosi", tuple(str(y) for y in range(1990, 2020)), time=True),
        "Sukupuoli": split.Variable("Sukupuoli", ("SSS", "1", "2"), elimination=True),
    }
    query = [{"code": "Alue", "selection": {"filter": "all", "values": ["*"]}},
             {"code": "Tiedot", "selection": {"filter": "item", "values": ["d", "a"]}},
             {"code": "Vuosi", "selection": {"filter": "all", "values": ["*"]}}]  # fmt: skip
    selections = split.expand(query, variables, "StatFin t")
    assert [(s.code, s.count) for s in selections] == [("Alue", 300), ("Tiedot", 2), ("Vuosi", 30)]
    assert selections[1].values == ("a", "d")  # the table's order, as the API answers
    cut = split.plan(selections, 10_000, "StatFin t")
    assert cut.chunk == {"Vuosi": 16} and cut.pieces == 2 and cut.piece_cells == 9600
    cut = split.plan(selections, 500, "StatFin t")  # one year is 600 cells: years one by one, areas cut too
    assert cut.chunk == {"Vuosi": 1, "Alue": 250} and cut.pieces == 60
    pieces = split.piece_queries(selections, query, cut)
    assert len(pieces) == 60 and pieces[1][0]["selection"] == {
        "filter": "item",
        "values": list(variables["Alue"].values[250:]),
    }
    assert pieces[1][1] == query[1]  # an unsplit variable is asked as configured
    assert split.plan(selections, 10_000, "StatFin t", ["Alue"]).chunk == {"Alue": 166}


def test_query_that_cannot_fit_fails_naming_table_and_cells():
    variables = {
        "Alue": split.Variable("Alue", None),
        "Vuosi": split.Variable("Vuosi", ("2020", "2021"), time=True),
    }
    query = [{"code": "Alue", "selection": {"filter": "top", "values": ["400"]}},
             {"code": "Vuosi", "selection": {"filter": "item", "values": ["2020", "2021"]}}]  # fmt: skip
    selections = split.expand(query, variables, "StatFin big")
    with pytest.raises(
        split.QueryError, match=r"StatFin big: the query selects 800 cells .* allows 100 .* leaves 400"
    ):
        split.plan(selections, 100, "StatFin big")
    with pytest.raises(split.QueryError, match="split variable 'Ikä' is not a variable"):
        split.plan(selections, 1000, "StatFin big", ["Ikä"])


def test_renamed_variable_fails_before_any_data_query(api):
    spec, path = served(api, "migration", api_shapes.STATFIN_BODIES["migration"](), max_cells=100_000)
    meta = api.tables[path].metadata()
    for var in meta["variables"]:
        if var["code"] == "Tiedot":
            var["code"] = var["text"] = "Tieto"  # TEST DATA: renamed beyond recognition (code and text)
    api.meta[path] = Reply(body=json.dumps(meta).encode())
    with pytest.raises(
        split.QueryError,
        match=r"StatFin migration: no variable of the table plays the role 'contents'.*'Tieto'.*refresh.toml",
    ):
        pxweb.fetch(spec, f"{api.url}/statfin", None, limits=split.ApiLimits(100_000))
    assert api.count(path, "POST") == 0
    unknown = json.loads(json.dumps(api.tables[path].metadata()))
    next(v for v in unknown["variables"] if v["code"] == "Tiedot")["values"].remove("vm43_netto")
    api.meta[path] = Reply(body=json.dumps(unknown).encode())
    with pytest.raises(split.QueryError, match=r"StatFin migration: content code\(s\) vm43_netto not found"):
        pxweb.fetch(spec, f"{api.url}/statfin", None, limits=split.ApiLimits(100_000))
    api.meta[path] = Reply(body=b'{"error": "not metadata"}')
    with pytest.raises(split.QueryError, match="not PxWeb metadata"):
        pxweb.fetch(spec, f"{api.url}/statfin", None, limits=split.ApiLimits(100_000))
    assert api.count(path, "POST") == 0


def test_pacer_keeps_calls_within_the_window():
    now = [0.0]
    waits = []

    def sleep(seconds):
        waits.append(round(seconds, 6))
        now[0] += seconds

    pacer = split.Pacer(3, 10.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        pacer.wait()
        now[0] += 1.0
    assert waits == []
    pacer.wait()  # the 4th call at t=3 waits until the 1st (t=0) leaves the window
    assert waits == [7.0] and now[0] == 10.0
    assert split.Pacer(0, 0).wait() == 0.0


def test_requests_keep_to_the_apis_calls_per_window(api, tmp_path):
    spec, path = served(api, KTA, kta_body(), max_cells=400)  # 5 pieces
    api.set("/statfin/", Reply(body=config_body(max_cells=400, max_calls=3, window=0.25)))
    config = load_config(config_with({KTA}, tmp_path), statfin_url=f"{api.url}/statfin")
    fetch_all(replace(config, sotkanet=()))
    times = [t for method, p, t in api.requests if p.startswith("/statfin")]
    assert len(times) == 1 + 1 + 5  # config, metadata, pieces
    assert all(later - earlier >= 0.24 for earlier, later in zip(times, times[3:], strict=False))


def test_merge_places_sparse_values_and_statuses_and_refuses_overlaps():
    def piece(years, values, status=None):
        doc = {"version": "2.0", "class": "dataset", "id": ["Alue", "Vuosi"], "size": [2, len(years)],
               "dimension": {"Alue": {"category": {"index": {"A": 0, "B": 1}}},
                             "Vuosi": {"category": {"index": {y: i for i, y in enumerate(years)},
                                                    "label": {y: y for y in years}}}},
               "value": values}  # fmt: skip
        if status:
            doc["status"] = status
        return json.dumps(doc).encode()

    order = {"Vuosi": ["2019", "2020", "2021"]}
    merged = split.merge(
        [piece(["2021"], {"1": 6}, {"0": ".."}), piece(["2019", "2020"], [1, 2, 4, 5])], order, "t"
    )
    assert list(merged["dimension"]["Vuosi"]["category"]["index"]) == ["2019", "2020", "2021"]
    assert merged["value"] == [1, 2, None, 4, 5, 6]
    assert merged["status"] == {"2": ".."}
    assert list(merged["dimension"]["Vuosi"]["category"]["label"]) == ["2019", "2020", "2021"]
    with pytest.raises(ValueError, match="overlap or leave gaps"):
        split.merge([piece(["2019", "2020"], [1, 2, 4, 5]), piece(["2020"], [2, 5])], order, "t")


def test_served_fixtures_still_convert_byte_for_byte(api, tmp_path):
    """The two real responses, served as tables: within the limit they are fetched whole and unchanged."""
    from tests.refresh.refresh_helpers import PROJECTION_PATH, projection_body

    api.max_cells = 100_000
    api.set("/statfin/", Reply(body=config_body()))
    config = load_config()
    for key, path, body in [
        (KTA, KTA_PATH, kta_body()),
        ("population_projection_2024", PROJECTION_PATH, projection_body()),
    ]:
        api.tables[path] = px_table(body, key)
        spec = next(t for t in config.tables if t.key == key)
        fetched = pxweb.fetch(spec, f"{api.url}/statfin", None)
        assert api.count(path, "POST") == 1
        assert json.loads(fetched) == json.loads(body)
        assert raw_bytes(spec, fetched, tmp_path) == shipped_bytes(spec)


def test_px_table_answers_like_pxweb():
    table = PxTable(json.loads(kta_body()))
    too_big = json.dumps({"query": [], "response": {"format": "json-stat2"}}).encode()
    assert table.answer(too_big, 1000).status == 403
    unknown = json.dumps(
        {"query": [{"code": "Region", "selection": {"filter": "all", "values": ["*"]}}]}
    ).encode()
    assert table.answer(unknown, None).status == 404
