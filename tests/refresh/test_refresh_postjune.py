"""The refresh against Statistics Finland's interface as it is since 8 June 2026 (tests/refresh/postjune.py).

The full dry run converts every table and rebuilds with no change to the figures; faults (a renamed area
variable, a content code that gained, lost or lost altogether its code, a moved table, HTTP 403/429, an
empty answer) either change nothing (found by role) or stop with a message naming the table, the snapshot
untouched and the failure recorded in the status file. `--check` reports each table on both servers.
"""

from __future__ import annotations

import json

import pytest

from foresight import datastatus
from foresight.refresh import check as refresh_check
from foresight.refresh.__main__ import main
from foresight.refresh.config import load_config
from foresight.refresh.run import fetch_all
from foresight.snapshot import load_table
from tests.refresh.postjune import path_of, serve_post_june
from tests.refresh.refresh_helpers import Reply, config_body, config_with, fingerprint, serve_real

NEW_CODES = {"alue_23_20260101", "alue_23_20250101", "alue_23_20240101", "timeperiod_y", "timeperiod_m",
             "sukupuoli_9_20180101", "ikaryhma_10_20180101", "contentscode", "Alue"}  # fmt: skip


def run(api, tmp_path, *extra):
    return main(
        [
            "--base-url", f"{api.url}/statfin",
            "--sotkanet-url", f"{api.url}/sotkanet",
            "--work", str(tmp_path / "work"),
            "--timeout", "2", "--retries", "1", "--backoff", "0.01",
            *extra,
        ]
    )  # fmt: skip


def one(tmp_path, *keys):
    return ["--config", str(config_with(set(keys), tmp_path))]


@pytest.mark.slow
def test_full_dry_run_converts_and_rebuilds_without_changing_a_figure(api, snapshot_copy, tmp_path, capsys):
    served = serve_post_june(api)
    # The API's limits as its ?config states them, enforced by the server: 100 000 cells a query (HTTP 403
    # over it) and here 12 calls a second (HTTP 429 over it; the window is shortened to keep the test quick).
    api.set("/statfin/", Reply(body=config_body(max_cells=100_000, max_calls=12, window=1)))
    api.call_limit = (12, 0.95)
    before = fingerprint(snapshot_copy)
    assert run(api, tmp_path, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "changed values: 0" in out and "dry run" in out
    assert "(+0 new, -0 removed)" in out and "no changes" in out
    assert fingerprint(snapshot_copy) == before
    config = load_config()
    for raw_file in [t.raw_file for t in config.tables] + [s.raw_file for s in config.sotkanet]:
        assert f"  {raw_file}: " in out
        assert (tmp_path / "work" / "raw" / raw_file).is_file()
        assert not (tmp_path / "work" / "raw" / raw_file).is_symlink()
    assert api.refused == [] and api.max_cells == 100_000
    statfin = [t for _, p, t in api.requests if p.startswith("/statfin")]
    assert len(statfin) > 12 and max(sum(1 for u in statfin if 0 <= u - t < 0.95) for t in statfin) <= 12
    # Every StatFin query named the post-June variables (never Vuosi, Tiedot, Ikä …) except the archive's.
    for path, body in api.bodies:
        codes = {item["code"] for item in json.loads(body)["query"]}
        if "StatFin_Passiivi" not in path and "Kuntien_talous" not in path:
            assert codes <= NEW_CODES, (path, codes)
    # The kept json answers are the newest period, as the build reads them.
    answer = json.loads(
        (
            tmp_path / "work" / "raw" / "statfin_exports_2026/unemployment_register_kunnat_12r5.json"
        ).read_bytes()
    )
    assert {row["key"][1] for row in answer["data"]} == {"2026M06"}
    assert {c["code"] for c in answer["columns"] if c["type"] == "c"} == set(
        served["StatFin/tyonv/12r5.px"].var("contentscode").values
    )
    rebuilt = load_table("observations", tmp_path / "work" / "snapshot")
    assert len(rebuilt) >= len(load_table("observations", snapshot_copy))
    # A dry run leaves no status behind.
    assert not datastatus.status_path(snapshot_copy).exists()


def test_renamed_area_variable_and_prefix_changes_convert_the_same(api, tmp_path):
    """alue_23_20260101 → alue_23_20270101, and muutl-vm43_netto losing its prefix: the same raw file."""
    served = serve_post_june(api)
    config = load_config(config_with({"migration"}, tmp_path), statfin_url=f"{api.url}/statfin")
    expected = fetch_all(config)["migration_1990_2017_kt162r.csv.gz"]
    table = served["StatFin/muutl/11ae.px"]
    table.rename("alue_23_20260101", "alue_23_20270101")
    table.recode("contentscode", "muutl-vm43_netto", "vm43_netto")
    got = fetch_all(config)["migration_1990_2017_kt162r.csv.gz"]
    assert got.equals(expected)
    posted = json.loads(api.bodies[-1][1])["query"]
    assert [q["code"] for q in posted] == ["alue_23_20270101", "timeperiod_y", "contentscode"]
    assert "vm43_netto" in posted[2]["selection"]["values"]


def test_check_reports_every_table_on_the_post_june_server(api, snapshot_copy, tmp_path, capsys):
    serve_post_june(api)
    before = fingerprint(snapshot_copy)
    assert run(api, tmp_path, "--check") == 0
    assert fingerprint(snapshot_copy) == before and not datastatus.status_path(snapshot_copy).exists()
    assert not (tmp_path / "work").exists()
    out = capsys.readouterr().out
    config = load_config()
    for table in config.tables:
        assert f"StatFin {table.key} ({table.path}): found;" in out
    assert (
        "StatFin migration (StatFin/muutl/11ae.px): found; area=alue_23_20260101, contents=contentscode, "
        "time=timeperiod_y; newest period 2017" in out
    )
    assert (
        "StatFin labour_monthly (StatFin/tyonv/12r5.px): found; area=Alue, contents=contentscode, time=timeperiod_m"
        in out
    )
    # Before any refresh the newest period is compared with the snapshot's newest year of that file.
    assert "new newest year: 2026M06 (the snapshot holds up to 2018)" in out
    assert (
        "PROBLEM" not in out and f"{len(config.tables) + 1} of {len(config.tables) + 1} sources usable" in out
    )
    assert api.bodies == []  # metadata only: not one data query


def test_check_reports_each_table_on_the_pre_june_server(api, snapshot_copy, tmp_path, capsys):
    """The old form (Alue, Vuosi, Tiedot) is read by role as well; the six tables only the post-June interface
    has are reported missing, and the check fails."""
    serve_real(api)
    assert run(api, tmp_path, "--check") == 1
    out = capsys.readouterr().out
    config = load_config()
    old_paths = {t.path for t in config.tables if not t.key.startswith("statfin_2026_")}
    missing = {t.key for t in config.tables if t.path not in old_paths}
    assert len(missing) == 4  # 11ra, 121w, 12bs, 14ww; 11re and 12r5 are served in their old form
    for table in config.tables:
        if table.key in missing:
            assert f"StatFin {table.key} ({table.path}): NOT FOUND" in out
            assert f"StatFin {table.key} ({table.path}): http" in out and "HTTP 404" in out
        else:
            assert f"StatFin {table.key} ({table.path}): found;" in out
    assert "StatFin migration (StatFin/muutl/11ae.px): found; area=Alue, contents=Tiedot, time=Vuosi" in out
    assert (
        "area=Vaalipiiri ja kunta, contents=Tiedot, party=Puolue, sex=Ehdokkaan sukupuoli, time=Vuosi" in out
    )
    assert f"PROBLEMS in: {', '.join(t.key for t in config.tables if t.key in missing)}" in out
    assert api.bodies == []


def test_check_names_what_changed_since_the_last_refresh(api, snapshot_copy, tmp_path, capsys):
    served = serve_post_june(api)
    config = load_config(
        config_with({"migration", "labour_monthly"}, tmp_path), statfin_url=f"{api.url}/statfin"
    )
    config = config.__class__(**{**config.__dict__, "sotkanet": ()})
    seen = refresh_check.check_all(config, {}, None, log=lambda line: None)
    status = {"tables": {c.key: c.info for c in seen}}
    served["StatFin/muutl/11ae.px"].rename("alue_23_20260101", "alue_23_20270101")
    served["StatFin/muutl/11ae.px"].recode("contentscode", "muutl-vm43_tulo", "vm43_tulo")
    served["StatFin/tyonv/12r5.px"].recode("contentscode", "TYOTOSUUS", "tyonv-TYOTOSUUS")
    lines: list[str] = []
    checks = refresh_check.check_all(config, status, None, log=lines.append)
    assert all(c.ok for c in checks)
    text = "\n".join(lines)
    assert "  changed: renamed variable: area alue_23_20260101 → alue_23_20270101" in text
    assert "  changed: content code vm43_tulo: muutl-vm43_tulo → vm43_tulo" in text
    assert "  changed: content code TYOTOSUUS: TYOTOSUUS → tyonv-TYOTOSUUS" in text
    # A key figure whose label changed beyond recognition in 142h is a problem (labels are matched).
    key_config = load_config(
        config_with({"key_figures_timeseries"}, tmp_path), statfin_url=f"{api.url}/statfin"
    )
    key_config = key_config.__class__(**{**key_config.__dict__, "sotkanet": ()})
    figures = served["Kuntien_avainluvut/uusin/142h.px"].var("contentscode")
    code = next(c for c, label in figures.texts.items() if label == "Väkiluku")
    figures.texts[code] = "Väestö yhteensä"  # TEST DATA: relabelled by the publisher
    (kf,) = refresh_check.check_all(key_config, {}, None, log=lines.append)
    assert kf.problems == [
        "StatFin key_figures_timeseries: no content of the table is labelled as the key figure(s) Vakiluku "
        "(matched by label); update the columns table of the entry in data/catalogue/refresh.toml"
    ]
    # A code gone altogether is a problem, named with the table.
    served["StatFin/muutl/11ae.px"].recode("contentscode", "muutl-vm43_netto", None)
    checks = refresh_check.check_all(config, status, None, log=lines.append)
    assert [c.key for c in checks if not c.ok] == ["migration"]
    assert "StatFin migration: content code(s) vm43_netto not found" in checks[0].problems[0]


FAULTS = [
    ("migration", lambda api, t: t["StatFin/muutl/11ae.px"].recode("contentscode", "muutl-vm43_netto", None),
     "refresh failed (query): query not sent: StatFin migration: content code(s) vm43_netto not found"),
    ("labour_monthly", lambda api, t: api.tables.pop(path_of("labour_monthly")),
     "StatFin labour_monthly (StatFin/tyonv/12r5.px): http"),
    ("migration", lambda api, t: api.set(path_of("migration"), Reply(403, b'{"error":"Too many values selected"}')),
     "StatFin migration (StatFin/muutl/11ae.px): http"),
    ("migration", lambda api, t: api.set(path_of("migration"), Reply(429, b"", {"Retry-After": "0"})),
     "StatFin migration (StatFin/muutl/11ae.px): http"),
    ("migration", lambda api, t: api.set(path_of("migration"), Reply(body=b"")),
     "StatFin migration: the response is empty"),
    ("statfin_2026_income", lambda api, t: api.set(path_of("statfin_2026_income"), Reply(body=b"  ")),
     "StatFin statfin_2026_income: the response is empty"),
    ("statfin_2026_income", lambda api, t: t["StatFin/tjt/14ww.px"].recode("contentscode", "gini_kturaha", None),
     "query not sent: StatFin statfin_2026_income: content code(s) gini_kturaha not found"),
]  # fmt: skip
DETAILS = ["", "HTTP 404", "HTTP 403", "HTTP 429", "", "", ""]


@pytest.mark.parametrize(
    ("fault", "detail"),
    list(zip(FAULTS, DETAILS, strict=True)),
    ids=["content-code-gone", "table-moved-404", "http-403", "http-429", "empty-answer", "empty-json-answer",
         "json-answer-code-gone"],
)  # fmt: skip
def test_faults_name_the_table_and_keep_the_snapshot(api, snapshot_copy, tmp_path, capsys, fault, detail):
    key, make, message = fault
    served = serve_post_june(api)
    make(api, served)
    before = fingerprint(snapshot_copy)
    assert run(api, tmp_path, *one(tmp_path, key)) == 1
    err = capsys.readouterr().err
    assert message in err and detail in err
    assert "the snapshot was left unchanged" in err
    assert fingerprint(snapshot_copy) == before
    status = datastatus.read_status(datastatus.status_path(snapshot_copy))
    raw_file = next(t.raw_file for t in load_config().tables if t.key == key)
    assert status["last_run"]["ok"] is False and raw_file in status["last_run"]["message"]
    assert status["sources"][raw_file]["outcome"] == datastatus.FAILED
    assert "refreshed" not in status["sources"][raw_file]
