"""JSON-stat parsing and the converters on the real Statistics Finland responses, plus crafted faults."""

import gzip
import json

import pandas as pd
import pytest

from foresight.build.common import RAW_DIR
from foresight.refresh import jsonstat, pxweb, sotkanet
from foresight.refresh.config import load_config
from foresight.refresh.convert import ConversionError, line_ending, write_raw
from tests.refresh.refresh_helpers import edited_kta, kta_body, projection_body, sotkanet_fixture


@pytest.fixture(scope="module")
def config():
    return load_config()


def table(config, key):
    return next(t for t in config.tables if t.key == key)


def test_real_key_figures_parse_to_a_long_frame():
    data = jsonstat.parse(kta_body(), ["Alue", "Tunnusluku", "Vuosi"])
    assert data.dimensions == ("ContentsCode", "Alue", "Tunnusluku", "Vuosi")
    assert len(data.frame) == 310 * 6
    helsinki = data.frame[(data.frame["Alue"] == "091") & (data.frame["Tunnusluku"] == "lainakanta_asuk")]
    assert helsinki["value"].tolist() == [1510.0]  # Helsinki's loan stock, € per inhabitant, 2020
    assert data.labels["Alue"]["091"] == "Helsinki"
    alajarvi = data.frame[(data.frame["Alue"] == "005")].set_index("Tunnusluku")["value"]
    assert alajarvi["lainakanta_eur"] == 27715 and alajarvi["omavaraisuus_aste"] == 44
    assert data.updated == "2021-09-10T05:00:00Z"


def test_real_projection_parses_in_row_major_order():
    data = jsonstat.parse(projection_body(), ["Alue", "Vuosi", "Ikä"])
    assert len(data.frame) == 310 * 3 * 100
    first = data.frame.iloc[0]
    assert (first["Alue"], first["Vuosi"], first["Ikä"], first["value"]) == ("SSS", "2024", "000", 44297)
    country_2024 = data.frame[(data.frame["Alue"] == "SSS") & (data.frame["Vuosi"] == "2024")]["value"].sum()
    municipalities_2024 = data.frame[(data.frame["Alue"] != "SSS") & (data.frame["Vuosi"] == "2024")][
        "value"
    ].sum()
    assert country_2024 == municipalities_2024 == 5_639_334


@pytest.mark.parametrize(
    ("key", "body"),
    [("kta_key_figures", kta_body), ("population_projection_2024", projection_body)],
)
def test_converters_reproduce_the_shipped_raw_files_byte_for_byte(config, tmp_path, key, body):
    spec = table(config, key)
    shipped = RAW_DIR / spec.raw_file
    written = write_raw(pxweb.convert(spec, body()), tmp_path / spec.raw_file, line_ending(shipped))
    ours, theirs = written.read_bytes(), shipped.read_bytes()
    if spec.raw_file.endswith(".gz"):
        ours, theirs = gzip.decompress(ours), gzip.decompress(theirs)
    assert ours == theirs


def test_truncated_json_says_truncated(config):
    body = kta_body()[: len(kta_body()) // 2]
    with pytest.raises(jsonstat.JsonStatError, match="truncated"):
        pxweb.convert(table(config, "kta_key_figures"), body)


def test_renamed_dimension_names_the_missing_one(config):
    def rename(doc):
        # TEST DATA: the time variable renamed to a name no rule knows, and no longer flagged as time.
        doc["id"] = ["Jakso" if d == "Vuosi" else d for d in doc["id"]]
        doc["dimension"]["Jakso"] = doc["dimension"].pop("Vuosi")
        doc["dimension"]["Jakso"]["label"] = "Jakso"
        doc["role"].pop("time")

    with pytest.raises(jsonstat.JsonStatError, match=r"dimension 'time' is missing.*'Jakso'.*refresh.toml"):
        pxweb.convert(table(config, "kta_key_figures"), edited_kta(rename))


def test_area_renamed_as_in_june_2026_still_converts(config):
    def rename(doc):
        doc["id"] = ["alue_23_20260101" if d == "Alue" else d for d in doc["id"]]
        doc["dimension"]["alue_23_20260101"] = doc["dimension"].pop("Alue")

    spec = table(config, "kta_key_figures")
    pd.testing.assert_frame_equal(pxweb.convert(spec, edited_kta(rename)), pxweb.convert(spec, kta_body()))


def test_municipality_code_that_no_longer_exists(config):
    def old_code(doc):
        index = doc["dimension"]["Alue"]["category"]["index"]
        index["040"] = index.pop("005")  # Dragsfjärd, merged into Kemiönsaari in 2009

    with pytest.raises(
        ConversionError, match=r"040 exist neither in the 2026 division nor among the known mergers"
    ):
        pxweb.convert(table(config, "kta_key_figures"), edited_kta(old_code))


def test_empty_table(config):
    def empty(doc):
        doc["value"] = [None] * len(doc["value"])

    with pytest.raises(jsonstat.JsonStatError, match="the table is empty"):
        pxweb.convert(table(config, "kta_key_figures"), edited_kta(empty))
    zero = {"version": "2.0", "class": "dataset", "id": ["Alue"], "size": [0],
            "dimension": {"Alue": {"category": {"index": []}}}, "value": []}  # fmt: skip
    with pytest.raises(jsonstat.JsonStatError, match="empty"):
        jsonstat.parse(json.dumps(zero), ["Alue"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"<html>Service unavailable</html>", "not valid JSON"),
        (b"[1, 2, 3]", "expected a JSON-stat object"),
        (b'{"version": "2.0", "class": "collection"}', "expected a 'dataset'"),
        (b'{"version": "2.0", "class": "dataset", "id": ["A"], "size": [2], "dimension": {"A": '
         b'{"category": {"index": ["x", "y"]}}}, "value": [1]}', "1 values but the dimensions"),
        (b'{"version": "2.0", "class": "dataset", "id": ["A"], "size": [2], "dimension": {"A": '
         b'{"category": {"index": ["x"]}}}, "value": [1, 2]}', "has 1 categories but size says 2"),
        (b'{"version": "2.0", "class": "dataset", "id": ["A"], "size": [1], "dimension": {"A": '
         b'{"category": {"index": ["x"]}}}, "value": ["lots"]}', "not a number"),
    ],
)  # fmt: skip
def test_malformed_responses(body, message):
    with pytest.raises(jsonstat.JsonStatError, match=message):
        jsonstat.parse(body, ["A"])


def test_sparse_values_and_status_symbols():
    doc = {"version": "2.0", "class": "dataset", "id": ["A", "B"], "size": [2, 2],
           "dimension": {"A": {"category": {"index": {"a1": 0, "a2": 1}}},
                         "B": {"category": {"index": ["b1", "b2"]}}},
           "value": {"0": 1.5, "3": 4}}  # fmt: skip
    frame = jsonstat.parse(doc, ["A", "B"]).frame
    assert frame["value"].tolist()[0] == 1.5 and frame["value"].tolist()[3] == 4
    assert frame["value"].isna().sum() == 2 and frame["A"].tolist() == ["a1", "a1", "a2", "a2"]


def test_sotkanet_json_converts_to_the_population_file(config, tmp_path):
    data, regions = sotkanet_fixture()
    spec = config.sotkanet[0]
    frame = sotkanet.convert(spec, data, regions, "json")
    shipped = RAW_DIR / spec.raw_file
    written = write_raw(frame, tmp_path / spec.raw_file, line_ending(shipped))
    assert written.read_bytes() == shipped.read_bytes()


def test_sotkanet_csv_format():
    body = "indicator;region;year;gender;absValue;value\n127;1000;2021;total;11200;11200\n127;1000;2021;male;5600;5600\n"
    frame = sotkanet.parse_csv(body.encode())
    regions = sotkanet.parse_regions(b'[{"id": 1000, "code": "5", "category": "KUNTA"}]')
    out = sotkanet.municipalities(frame, regions)
    assert out.to_dict("records") == [{"code": "005", "year": 2021, "value": 11200.0}]


def test_sotkanet_url_repeats_years():
    url = sotkanet.data_url("http://x/rest/1.1", 127, [2020, 2021])
    assert url == "http://x/rest/1.1/json?indicator=127&years=2020&years=2021&genders=total"


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"[]", "empty table"), (b'{"error": 1}', "expected a list"), (b'[{"region": 1}]', "fields"),
     (b'[{"indicator": 127, "region": 1', "truncated")],
)  # fmt: skip
def test_sotkanet_faults(body, message):
    with pytest.raises(sotkanet.SotkanetError, match=message):
        sotkanet.parse_json(body)


def test_sotkanet_unknown_municipality_code():
    frame = sotkanet.parse_json(b'[{"region": 7, "year": 2021, "gender": "total", "value": 5}]')
    regions = sotkanet.parse_regions(b'[{"id": 7, "code": "999", "category": "KUNTA"}]')
    with pytest.raises(ConversionError, match="999"):
        sotkanet.municipalities(frame, regions)


def test_base_urls_can_be_overridden(monkeypatch):
    monkeypatch.setenv("KUNTALUOTAIN_STATFIN_URL", "http://127.0.0.1:1/statfin/")
    cfg = load_config(sotkanet_url="http://127.0.0.1:2/s")
    assert (cfg.statfin_url, cfg.sotkanet_url) == ("http://127.0.0.1:1/statfin", "http://127.0.0.1:2/s")
    assert pxweb.table_url(cfg.statfin_url, cfg.tables[0]).startswith("http://127.0.0.1:1/statfin/")
    ages = next(q for q in cfg.tables[1].query if q.get("role") == "age")["selection"]["values"]
    assert ages[0] == "000" and ages[-1] == "099" and len(ages) == 100
