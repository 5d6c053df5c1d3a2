"""bench/bench_accuracy.py reads the statsforecast reference JSON (a literal file here, no statsforecast run)
and shows it in the population tables; without the file it says how to make it."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
_spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "bench_accuracy.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

LITERAL = {
    "made": "2026-01-02",
    "statsforecast": "2.1.1",
    "window_years": 15,
    "series_sha256": "feed",
    "origins": {
        "2018": {
            "AutoETS": {
                "2019": {"mape": 0.91, "scored": 3, "coverage_80": 66.67, "coverage_95": 100.0},
                "2020": {"mape": 1.35, "scored": 3, "coverage_80": 33.33, "coverage_95": 66.67},
            },
            "AutoTheta": {
                "2019": {"mape": 0.5, "scored": 3, "coverage_80": 100.0, "coverage_95": 100.0},
                "2020": {"mape": 2.25, "scored": 3, "coverage_80": 0.0, "coverage_95": 33.33},
            },
        }
    },
}


def write(tmp_path: Path) -> Path:
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(LITERAL), encoding="utf-8")
    return path


def frame() -> pd.DataFrame:
    """Two municipalities, origin 2018, two years: auto misses 1 % and 0 % in 2019 (MAPE 0.50), 2 % and 0 %
    in 2020 (MAPE 1.00); the 5-year drift 2 % and 2 % (2.00), 1 % and 1 % (1.00)."""
    rows = []
    for method, apes in (("auto", ((1.0, 0.0), (2.0, 0.0))), ("drift_5", ((2.0, 2.0), (1.0, 1.0)))):
        for h, pair in enumerate(apes, start=1):
            for code, ape in zip(("091", "297"), pair, strict=True):
                rows.append(
                    {
                        "method": method,
                        "municipality": code,
                        "year": 2018 + h,
                        "horizon": h,
                        "ape": ape,
                        "inside_80": 1.0,
                        "inside_95": 1.0,
                        "third": 0 if code == "091" else 2,
                        "chosen": "combined",
                        "origin": 2018,
                    }
                )
    return pd.DataFrame(rows)


def test_the_json_is_read_by_origin_label_and_year(tmp_path):
    ref = bench.read_reference(write(tmp_path))
    assert ref is not None
    assert ref["made"] == "2026-01-02" and ref["statsforecast"] == "2.1.1"
    assert set(ref["table"]) == {2018}
    assert set(ref["table"][2018]) == {"AutoETS (statsforecast)", "AutoTheta (statsforecast)"}
    assert ref["table"][2018]["AutoETS (statsforecast)"][2020]["mape"] == 1.35
    assert ref["table"][2018]["AutoTheta (statsforecast)"][2019]["coverage_95"] == 100.0


def test_missing_file_gives_none_and_the_command(tmp_path):
    assert bench.read_reference(tmp_path / "absent.json") is None
    note = bench.reference_note(None)
    assert (
        "bash scripts/bench-extra.sh && nice -n 10 .venv-ref/bin/python bench/reference_statsforecast.py"
        in note
    )
    assert bench.population_tables([frame()], None) == bench.population_tables([frame()])


def test_rows_appear_in_the_population_table(tmp_path):
    lines = bench.population_tables([frame()], bench.read_reference(write(tmp_path)))
    assert "| auto | 0.50 | 1.00 |" in lines
    assert "| drift_5 | 2.00 | 1.00 |" in lines
    assert "| AutoETS (statsforecast) | 0.91 | 1.35 |" in lines
    assert "| AutoTheta (statsforecast) | 0.50 | 2.25 |" in lines
    assert "| AutoETS (statsforecast): 80 % interval coverage | 67 | 33 |" in lines
    assert "| AutoTheta (statsforecast): 95 % interval coverage | 100 | 33 |" in lines
    # the reference rows sit after the app's methods and before the coverage rows
    order = [line.split(" |")[0] for line in lines if line.startswith("| ")]
    assert (
        order.index("| drift_5")
        < order.index("| AutoETS (statsforecast)")
        < order.index("| auto: 80 % band coverage")
    )


def test_comparison_counts_the_cells_where_auto_is_lower(tmp_path):
    text = "\n".join(bench.reference_comparison(frame(), bench.read_reference(write(tmp_path))))
    # auto 0.50/1.00 and the 5-year drift 2.00/1.00 against AutoETS 0.91/1.35 and AutoTheta 0.50/2.25
    ets = "where the MAPE is below AutoETS (statsforecast)'s: auto 2 of 2, the plain 5-year drift 1 of 2;"
    theta = "below AutoTheta (statsforecast)'s: auto 1 of 2, the plain 5-year drift 1 of 2."
    assert ets in text and theta in text
    assert (
        "| 2018 | 0.50/–/– | 0.91/–/– | 0.50/–/– | 100–100 / 100–100 | 33–67 / 67–100 | 0–100 / 33–100 |"
        in text
    )


def test_a_changed_series_is_flagged(tmp_path):
    ref = bench.read_reference(write(tmp_path))
    assert "changed" not in bench.reference_note(ref, "feed")
    assert "rerun" in bench.reference_note(ref, "beef")


def test_series_digest_is_of_sorted_plain_lines():
    part = pd.DataFrame({"municipality": ["297", "091"], "year": [2019, 2018], "value": [2.5, 1.0]})
    expected = hashlib.sha256(b"091,2018,1.0\n297,2019,2.5").hexdigest()
    assert bench.series_digest(part) == expected
