"""The converters for the older raw files: round trips from API-shaped TEST DATA, and faults for each."""

import gzip
import json
import re

import numpy as np
import pandas as pd
import pytest

from foresight.build.common import RAW_DIR
from foresight.refresh import jsonstat, pxweb, sotkanet, tables
from foresight.refresh.config import load_config
from foresight.refresh.convert import ConversionError, line_ending, write_raw
from tests.refresh import api_shapes

KEYS = list(api_shapes.STATFIN_BODIES)


def trimmed(key) -> dict:
    """A table's API-shaped response cut to its first two years or months (faults need no more; it is fast)."""
    doc = json.loads(api_shapes.STATFIN_BODIES[key]())
    time_dims = [d for d in doc["id"] if d in ("Vuosi", "Kuukausi")]
    if not time_dims or doc["size"][doc["id"].index(time_dims[0])] < 2:
        return doc
    axis = doc["id"].index(time_dims[0])
    cube = np.array(doc["value"], dtype=object).reshape(doc["size"])
    doc["value"] = np.take(cube, [0, 1], axis=axis).ravel().tolist()
    doc["size"][axis] = 2
    category = doc["dimension"][time_dims[0]]["category"]
    category["index"] = {c: i for c, i in category["index"].items() if i < 2}
    return doc


def edited(key, edit) -> bytes:
    """TEST DATA: a table's API-shaped response (trimmed) with a deliberate fault applied by `edit(doc)`."""
    doc = trimmed(key)
    edit(doc)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def area_dim(key):
    """The area variable's name in the pre-June (and archive) TEST DATA."""
    return "Vaalipiiri ja kunta" if key == "election_candidates_2021" else "Alue"


@pytest.mark.parametrize("key", KEYS)
def test_statfin_round_trip_gives_back_the_raw_file_byte_for_byte(tmp_path, key):
    spec = api_shapes.table(key)
    shipped = RAW_DIR / spec.raw_file
    frame = pxweb.convert(spec, api_shapes.STATFIN_BODIES[key]())
    written = write_raw(frame, tmp_path / spec.raw_file, line_ending(shipped))
    ours, theirs = written.read_bytes(), shipped.read_bytes()
    if spec.raw_file.endswith(".gz"):
        ours, theirs = gzip.decompress(ours), gzip.decompress(theirs)
    assert ours == theirs


@pytest.mark.parametrize("key", KEYS)
def test_renamed_area_variable_converts_the_same(key):
    """The area variable renamed as on 8 June 2026 and at the next division: found by its role all the same."""
    dim = area_dim(key)

    def rename(doc):
        doc["id"] = ["alue_23_20270101" if d == dim else d for d in doc["id"]]
        doc["dimension"]["alue_23_20270101"] = doc["dimension"].pop(dim)

    spec = api_shapes.table(key)
    expected = pxweb.convert(spec, edited(key, lambda doc: None))
    pd.testing.assert_frame_equal(pxweb.convert(spec, edited(key, rename)), expected)


@pytest.mark.parametrize("key", KEYS)
def test_unrecognisable_area_is_named(key):
    dim = area_dim(key)

    def hide(doc):
        doc["id"] = ["Q" if d == dim else d for d in doc["id"]]
        dimension = doc["dimension"]["Q"] = doc["dimension"].pop(dim)
        codes = list(dimension["category"]["index"])
        dimension["category"] = {"index": {f"x{i}": i for i in range(len(codes))}}
        dimension["label"] = "Q"

    with pytest.raises(jsonstat.JsonStatError, match="dimension 'area' is missing.*refresh.toml"):
        pxweb.convert(api_shapes.table(key), edited(key, hide))


@pytest.mark.parametrize("key", KEYS)
def test_unknown_municipality_code(key):
    dim = area_dim(key)

    def old_code(doc):
        index, labels = doc["dimension"][dim]["category"]["index"], doc["dimension"][dim]["category"]["label"]
        first = next(iter(index))
        index["KU040"] = index.pop(first)  # Dragsfjärd, merged into Kemiönsaari in 2009
        labels["KU040"] = "040 Dragsfjärd"
        labels.pop(first)

    with pytest.raises(ConversionError, match="040 exist neither in the 2026 division"):
        pxweb.convert(api_shapes.table(key), edited(key, old_code))


@pytest.mark.parametrize("key", KEYS)
def test_empty_table(key):
    def empty(doc):
        doc["value"] = [None] * len(doc["value"])

    with pytest.raises(jsonstat.JsonStatError, match="the table is empty"):
        pxweb.convert(api_shapes.table(key), edited(key, empty))


def test_areas_that_are_not_municipalities_only():
    def regions_only(doc):
        cat = doc["dimension"]["Alue"]["category"]
        cat["index"] = {f"MK{i:02d}": i for i in range(len(cat["index"]))}
        cat["label"] = {code: "Uusimaa" for code in cat["index"]}

    with pytest.raises(ConversionError, match="no municipalities in dimension 'area'"):
        pxweb.convert(api_shapes.table("migration"), edited("migration", regions_only))


def test_missing_key_figure_is_named():
    def drop_population(doc):
        labels = doc["dimension"]["Tiedot"]["category"]["label"]
        code = next(c for c, label in labels.items() if label == "Väkiluku")
        labels[code] = "Väestö yhteensä"  # relabelled by the publisher

    with pytest.raises(ConversionError, match=r"key figures \['Vakiluku'\] are missing"):
        pxweb.convert(
            api_shapes.table("key_figures_timeseries"), edited("key_figures_timeseries", drop_population)
        )


def test_missing_migration_category_points_at_the_mapping_table():
    def drop(doc):
        labels = doc["dimension"]["Tiedot"]["category"]
        labels["index"]["vm43_netto_uusi"] = labels["index"].pop("vm43_netto")
        labels["label"]["vm43_netto_uusi"] = labels["label"].pop("vm43_netto")

    with pytest.raises(ConversionError, match=r"contents categories for \['nettomuutto'\].*refresh.toml"):
        pxweb.convert(api_shapes.table("migration"), edited("migration", drop))


def test_key_figure_labels_clean_to_their_column_names():
    columns = api_shapes.table("key_figures_timeseries").options["columns"]
    assert {tables.clean_name(label) for label in columns.values()} == set(columns)
    assert tables.clean_name("15-64-vuotiaiden osuus väestöstä, %") == "X15_64_vuotiaiden_osuus_vaestosta"


@pytest.mark.parametrize(
    ("code", "label", "expected"),
    [("KU091", "Helsinki", "091"), ("091", "Helsinki", "091"), ("010091", "091 Helsinki", "091"),
     ("SSS", "KOKO MAA", None), ("MK01", "Uusimaa", None), ("KU199", "Tuntematon", None)],
)  # fmt: skip
def test_municipal_code_forms(code, label, expected):
    assert tables.municipal_code(code, label) == expected


def test_table_language_swaps_only_a_real_base():
    spec = api_shapes.table("migration")
    assert pxweb.table_url("https://x/PxWeb/api/v1/en", spec).startswith("https://x/PxWeb/api/v1/fi/StatFin/")
    assert pxweb.table_url("http://127.0.0.1:9/statfin", spec) == f"http://127.0.0.1:9/statfin/{spec.path}"


def test_sotkanet_dump_round_trip():
    bodies, regions = api_shapes.sotkanet_dump()
    spec = api_shapes.sotkanet_spec("municipal_indicators")
    frame = sotkanet.convert(spec, bodies, regions, "json")
    raw = pd.read_csv(RAW_DIR / spec.raw_file, dtype={"municipality_code": str})
    raw = raw[raw["Muuttuja"].isin([name for _, name in spec.variables])]
    keys = ["Muuttuja", "municipality_code", "Vuosi"]
    pd.testing.assert_frame_equal(
        frame.sort_values(keys).reset_index(drop=True), raw.sort_values(keys).reset_index(drop=True)
    )


def test_sotkanet_dump_keeps_the_variables_it_did_not_fetch(tmp_path):
    """Test data: the file being replaced holds a fetched variable (its old rows go) and one the refresh
    does not fetch, the frozen 2012 projection (its rows stay as they were)."""
    previous = tmp_path / "dump.csv"
    pd.DataFrame(
        {
            "Muuttuja": ["[A] fetched", "[VÄESTÖNMUUTOS] Väestöennuste 2020"],
            "Alue": ["Akaa", "Akaa"],
            "Vuosi": [2011, 2012],
            "Arvo": [1.0, 17835.0],
            "Maakunta": ["Pirkanmaa", "Pirkanmaa"],
            "municipality_code": ["020", "020"],
        }
    ).to_csv(previous, index=False)
    new = pd.DataFrame(
        {
            "Muuttuja": ["[A] fetched"] * 2,
            "Alue": ["Akaa"] * 2,
            "Vuosi": [2011, 2012],
            "Arvo": [2.0, 3.0],
            "Maakunta": ["Pirkanmaa"] * 2,
            "municipality_code": ["020"] * 2,
        }
    )
    out = sotkanet.with_unfetched(new, previous)
    assert out["Arvo"].tolist() == [2.0, 3.0, 17835.0]
    assert out["municipality_code"].tolist() == ["020"] * 3 and list(out.columns) == list(new.columns)
    assert sotkanet.with_unfetched(new, tmp_path / "absent.csv").equals(new)
    population = pd.DataFrame({"code": ["020"], "value": [1.0]})  # another converter's shape: as is
    assert sotkanet.with_unfetched(population, previous).equals(population)


def test_sotkanet_dump_names_every_variable_the_build_reads():
    from foresight.build import sotkanet as build_sotkanet

    names = {name for _, name in api_shapes.sotkanet_spec("municipal_indicators").variables}
    wanted = {v for v, _ in build_sotkanet.VARIABLES.values()} | {
        build_sotkanet.POP,
        build_sotkanet.SHARE_16_64,
    }
    assert wanted <= names


def test_sotkanet_dump_faults():
    bodies, regions = api_shapes.sotkanet_dump()
    spec = api_shapes.sotkanet_spec("municipal_indicators")
    with pytest.raises(sotkanet.SotkanetError, match=r"indicator 493\).*empty table"):
        sotkanet.convert(spec, {**bodies, 493: b"[]"}, regions)
    with pytest.raises(ConversionError, match="no response for indicator 3071"):
        sotkanet.convert(spec, {k: v for k, v in bodies.items() if k != 3071}, regions)
    rows = json.loads(bodies[451])
    renamed = json.dumps([{("area" if k == "region" else k): v for k, v in r.items()} for r in rows]).encode()
    with pytest.raises(sotkanet.SotkanetError, match=r"fields \['region'\] missing"):
        sotkanet.convert(spec, {**bodies, 451: renamed}, regions)
    unknown = json.loads(regions)
    unknown[0]["code"] = "40"  # Dragsfjärd
    with pytest.raises(ConversionError, match="040 exist neither"):
        sotkanet.convert(spec, bodies, json.dumps(unknown).encode())


def test_every_configured_converter_exists():
    config = load_config()
    assert all(t.converter in pxweb.CONVERTERS or t.converter == "pxjson_answer" for t in config.tables)
    assert all(s.converter in sotkanet.CONVERTERS for s in config.sotkanet)


def test_json_answer_entries_want_every_code_the_build_reads():
    """The six kept answers: each file statfin2026.py reads is refreshed, checked for the codes it reads."""
    from foresight.build import statfin2026

    entries = {t.raw_file: t for t in load_config().tables if t.converter == "pxjson_answer"}
    assert set(entries) == {f"{statfin2026.FOLDER}/{name}" for name in statfin2026.TABLES}
    for name, wanted in statfin2026.TABLES.items():
        spec = entries[f"{statfin2026.FOLDER}/{name}"]
        assert spec.format == "json" and not spec.path.split("/")[-1].startswith("statfin_")
        assert set(wanted.values()) <= set(spec.options["wanted"]), name


def test_no_active_statfin_table_uses_a_pre_june_long_file_name():
    """Since 8 June 2026 StatFin's files are short (`StatFin/muutl/11ae.px`); only the archive kept long names."""
    for spec in load_config().tables:
        if spec.path.startswith("StatFin/"):
            assert re.fullmatch(r"StatFin/\w+/\w{4}\.px", spec.path), spec.path
        assert "statfin_" not in spec.path or spec.path.startswith("StatFin_Passiivi/"), spec.path
    assert not any("code" in item for spec in load_config().tables for item in spec.query)  # roles only
