"""The whole refresh against the local server: offline, faults, a failing build check, an update, no change.

Every test works on a temporary copy of the snapshot (KUNTALUOTAIN_SNAPSHOT); data/snapshot is never touched.
"""

import json
import os
import socket
import time

import pandas as pd
import pytest

from foresight import datastatus
from foresight.build.common import RAW_DIR
from foresight.refresh.__main__ import main
from foresight.refresh.config import load_config
from foresight.refresh.run import replace_snapshot
from foresight.snapshot import SNAPSHOT_DIR, load_table
from tests.refresh.refresh_helpers import (
    KTA_PATH,
    PROJECTION_PATH,
    Reply,
    config_with,
    edited_kta,
    fingerprint,
    kta_body,
    serve_real,
)

# The sources these single-source tests are about (the all-source refresh is the dry-run test below).
ORIGINAL = {"kta_key_figures", "population_projection_2024", "population"}


def rename_time(doc):
    """TEST DATA: the table's time variable renamed beyond recognition and no longer flagged as time."""
    doc["id"] = ["Jakso" if d == "Vuosi" else d for d in doc["id"]]
    doc["dimension"]["Jakso"] = {**doc["dimension"].pop("Vuosi"), "label": "Jakso"}
    doc["role"].pop("time")


def old_code(doc):
    """TEST DATA: Alajärvi's code replaced by 040 (Dragsfjärd, merged into Kemiönsaari in 2009)."""
    index = doc["dimension"]["Alue"]["category"]["index"]
    index["040"] = index.pop("005")


def run(api, tmp_path, *extra):
    return main(
        [
            "--base-url", f"{api.url}/statfin",
            "--sotkanet-url", f"{api.url}/sotkanet",
            "--work", str(tmp_path / "work"),
            "--timeout", "2", "--retries", "1", "--backoff", "0.05",
            *extra,
        ]
    )  # fmt: skip


def test_offline_fails_within_seconds_and_keeps_the_snapshot(snapshot_copy, tmp_path, capsys):
    before = fingerprint(snapshot_copy)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    code = main(["--base-url", f"http://127.0.0.1:{port}/x", "--sotkanet-url", f"http://127.0.0.1:{port}/y",
                 "--work", str(tmp_path / "w")])  # fmt: skip
    assert code == 2 and time.monotonic() - started < 5
    err = capsys.readouterr().err
    assert "offline" in err and "snapshot was left unchanged" in err
    assert fingerprint(snapshot_copy) == before


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Reply(body=kta_body()[:20000]), "truncated"),
        (Reply(body=edited_kta(lambda d: d.update(value=[None] * len(d["value"])))), "empty"),
        (Reply(404, b"no such table"), "HTTP 404"),
        (Reply(500), "HTTP 500"),
        (Reply(body=kta_body(), delay=1.5), "no answer within 0.5 s"),
        (Reply(body=edited_kta(rename_time)), "dimension 'time' is missing"),
        (Reply(body=edited_kta(old_code)), "040 exist neither in the 2026 division"),
    ],
    ids=["truncated", "empty", "404", "500-twice", "timeout", "renamed-dimension", "old-municipality-code"],
)
def test_bad_responses_keep_the_snapshot(api, snapshot_copy, tmp_path, capsys, fault, message):
    serve_real(api)
    api.set(KTA_PATH, fault)
    before = fingerprint(snapshot_copy)
    assert run(api, tmp_path, "--timeout", "0.5") in (1, 2)
    assert message in capsys.readouterr().err
    assert fingerprint(snapshot_copy) == before
    assert api.count(PROJECTION_PATH) == 0  # stopped at the first bad table


def test_renamed_variable_stops_the_refresh_and_keeps_the_snapshot(api, snapshot_copy, tmp_path, capsys):
    serve_real(api)
    meta = api.tables[KTA_PATH].metadata()
    meta["variables"] = [v for v in meta["variables"] if v["code"] != "Tunnusluku"]  # TEST DATA: gone
    api.meta[KTA_PATH] = Reply(body=json.dumps(meta).encode())
    before = fingerprint(snapshot_copy)
    assert run(api, tmp_path) == 1
    err = capsys.readouterr().err
    assert (
        "refresh failed (query): query not sent: StatFin kta_key_figures: no variable of the table plays the role "
        "'key_figure'" in err
    )
    assert api.count(KTA_PATH, "POST") == 0 and fingerprint(snapshot_copy) == before


@pytest.mark.slow
def test_failing_build_check_keeps_the_snapshot(api, snapshot_copy, tmp_path, capsys):
    def absurd_equity(doc):
        # TEST DATA: an equity ratio of 500 % for the first municipality, outside the build's range check.
        doc["value"][0] = 500

    serve_real(api)
    api.set(KTA_PATH, Reply(body=edited_kta(absurd_equity)))
    before = fingerprint(snapshot_copy)
    assert run(api, tmp_path, "--config", str(config_with(ORIGINAL, tmp_path))) == 1
    err = capsys.readouterr().err
    assert "a build check failed: equity_ratio: 1 values outside [-100, 100]" in err
    assert fingerprint(snapshot_copy) == before


@pytest.mark.slow
def test_retry_then_update_replaces_and_reports(api, snapshot_copy, tmp_path, capsys, caplog):
    def new_loan_stock(doc):
        # TEST DATA: Alajärvi's loan stock per inhabitant changed from 2942 to 3100 € to trigger an update.
        doc["value"][3] = 3100

    serve_real(api)
    api.set(
        KTA_PATH,
        Reply(429, b"", {"Retry-After": "0"}),
        Reply(503),
        Reply(body=edited_kta(new_loan_stock)),
    )
    old = load_table("observations", snapshot_copy)
    raw_before = (RAW_DIR / "municipal_finance_key_figures_2020_kta19_loans_equity.csv").read_bytes()
    assert run(api, tmp_path, "--retries", "2", "--config", str(config_with(ORIGINAL, tmp_path))) == 0
    out = capsys.readouterr().out
    assert api.count(KTA_PATH, "POST") == 3
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retries) == 2 and "HTTP 429" in retries[0] and "retrying in 0.0 s" in retries[0]
    assert "HTTP 503" in retries[1] and "retrying in 0.1 s" in retries[1]  # back-off 0.05 s doubled
    # A fetched table is the newest edition: its 2020 figures (whole euros) now win over the Kuntien
    # avainluvut 2022 edition's (one decimal), so Alajärvi's shipped 2942.5 becomes the fetched 3100.
    assert "loan_stock_eur 005 2020: 2942.5 → 3100" in out
    assert "snapshot replaced" in out
    new = load_table("observations", snapshot_copy)
    key = (new["municipality"] == "005") & (new["indicator"] == "loan_stock_eur") & (new["year"] == 2020)
    assert new.loc[key, "value"].tolist() == [3100.0]
    assert len(new) == len(old)
    # The previous snapshot is kept beside the work files, and the shipped snapshot is untouched.
    assert (tmp_path / "work" / "previous-snapshot" / "observations.parquet").exists()
    assert (RAW_DIR / "municipal_finance_key_figures_2020_kta19_loans_equity.csv").read_bytes() == raw_before
    shipped = pd.read_parquet(SNAPSHOT_DIR / "observations.parquet")
    assert shipped.loc[key.to_numpy(), "value"].tolist() == [2942.5]
    # The run is recorded beside the snapshot: the finance file updated, the unchanged ones checked.
    status = datastatus.read_status(datastatus.status_path(snapshot_copy))
    assert status["last_run"]["ok"] is True and "changed values" in status["last_run"]["message"]
    finance = status["sources"]["municipal_finance_key_figures_2020_kta19_loans_equity.csv"]
    assert finance["outcome"] == "updated" and finance["refreshed"] == finance["at"]
    assert status["sources"]["population_2000_2022_sotkanet_geofi.csv"]["outcome"] == "unchanged"
    assert status["tables"]["kta_key_figures"]["variables"] == {
        "area": "Alue", "contents": "ContentsCode", "key_figure": "Tunnusluku", "time": "Vuosi"}  # fmt: skip


@pytest.mark.slow
def test_dry_run_with_identical_data_reports_no_changes(api, snapshot_copy, tmp_path, capsys):
    """The pre-June form (Alue, Vuosi, Tiedot …) of every table that had one, read by role all the same."""
    serve_real(api)
    before = fingerprint(snapshot_copy)
    old = {t.key for t in load_config().tables if not t.key.startswith("statfin_2026_")}
    old |= {s.key for s in load_config().sotkanet}
    path = config_with(old, tmp_path)
    assert run(api, tmp_path, "--dry-run", "--config", str(path)) == 0
    out = capsys.readouterr().out
    assert "changed values: 0" in out and "no changes" in out and "dry run" in out
    assert fingerprint(snapshot_copy) == before
    # Every source was fetched and converted, and the snapshot rebuilt from them loads and equals the shipped.
    config = load_config(path)
    for raw_file in [t.raw_file for t in config.tables] + [s.raw_file for s in config.sotkanet]:
        assert f"  {raw_file}: " in out
        assert (tmp_path / "work" / "raw" / raw_file).is_file()  # written, not the link to the shipped file
    sotkanet_requests = [p for _, p, _ in api.requests if p.startswith("/sotkanet/json")]
    assert len(sotkanet_requests) == 1 + len(config.sotkanet[1].variables)
    rebuilt = load_table("observations", tmp_path / "work" / "snapshot")
    assert len(rebuilt) == len(load_table("observations", snapshot_copy))


def test_replace_rolls_back_when_the_swap_fails(tmp_path, monkeypatch):
    target, new = tmp_path / "snapshot", tmp_path / "new"
    target.mkdir()
    new.mkdir()
    (target / "a.parquet").write_text("old")
    (new / "a.parquet").write_text("new")
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the second rename (incoming → target) fails
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError, match="disk full"):
        replace_snapshot(new, target)
    assert (target / "a.parquet").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "snapshot"]  # no staging folders left


def test_replace_swaps_and_keeps_the_previous(tmp_path):
    target, new = tmp_path / "snapshot", tmp_path / "new"
    target.mkdir()
    new.mkdir()
    (target / "a.parquet").write_text("old")
    (new / "a.parquet").write_text("new")
    kept = replace_snapshot(new, target, tmp_path / "work" / "previous")
    assert (target / "a.parquet").read_text() == "new" and (kept / "a.parquet").read_text() == "old"
