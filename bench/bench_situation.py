"""Benchmark of the situation-analysis pages and their parts; prints figures (issue 3's targets beside them).

Run: .venv/bin/python bench/bench_situation.py
Page times use Streamlit's AppTest in this process (script run + element tree, no browser): a first render
with cold caches, then the median of warm reruns.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import emit  # noqa: E402
from tests.app.conftest import run_app  # noqa: E402  (also keeps AppTest off the old pages/ mode)


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


FIGURES: dict[str, float] = {}


def line(name: str, value: float, unit: str, target: str, figure: str = "") -> None:
    print(f"{name:<52} {value:>9.1f} {unit:<3} (target {target})")
    if figure:  # the worst of several measurements of one figure counts
        FIGURES[figure] = max(value, FIGURES.get(figure, value))


def main() -> None:
    from foresight import charts, peers, report
    from foresight.snapshot import load_snapshot

    print(f"Kuntaluotain situation benchmark, Python {sys.version.split()[0]}")
    snap, t = timed(load_snapshot)
    line("load snapshot", t[0] * 1000, "ms", "-")
    feats = peers.features(snap.municipalities, snap.observations)
    _, t = timed(lambda: peers.all_neighbours(feats, peers.DEFAULT_WEIGHTS, 7), repeat=20)
    line(
        "peer search, all 308 municipalities (median of 20)",
        statistics.median(t) * 1000,
        "ms",
        "<= 50 ms",
        "peer_search_ms",
    )

    obs = snap.observations
    values = obs[(obs.indicator == "unemployment_rate") & (obs.year == 2018)].set_index("municipality")[
        "value"
    ]
    reg = snap.municipalities.set_index("code")
    labels = {c: (x, y) for c, x, y in zip(reg.index, reg.label_lon, reg.label_lat, strict=True)}
    shapes = charts.outlines(snap.boundaries)
    members = peers.network("297", snap.network_groups, "USO4")
    fig, t = timed(
        lambda: charts.choropleth(
            shapes, values, reg.name_fi.to_dict(), "297", members, "fi", -1, 1, "%", labels
        ),
        repeat=10,
    )
    line("map figure build (median of 10)", statistics.median(t[1:]) * 1000, "ms", "<= 60 ms", "map_build_ms")
    line("map figure JSON size", len(fig.to_json().encode()) / 1024, "KB", "<= 150 KB", "map_json_kb")

    group = peers.resolve("297", peers.PeerSpec(kind="network"), snap.municipalities, snap.network_groups)
    _, t = timed(lambda: report.build(obs, snap.indicators, reg, "297", group, "fi"), repeat=3)
    line(
        "report generation, HTML (median of 3)",
        statistics.median(t) * 1000,
        "ms",
        "<= 3000 ms",
        "report_html_ms",
    )
    _, t = timed(lambda: report.to_pdf(report.build(obs, snap.indicators, reg, "297", group, "fi")))
    line("report generation, PDF via Chromium", t[0] * 1000, "ms", "<= 3000 ms", "report_pdf_ms")

    for page, params in (
        ("pages/situation.py", {"peers": "network"}),
        ("pages/situation.py", {"peers": "similar"}),
        ("pages/compare.py", {"peers": "network", "indicator": "unemployment_rate"}),
        ("pages/report.py", {"peers": "network"}),
        ("pages/glance.py", {}),
    ):
        start = time.perf_counter()
        at = run_app(page, municipality="297", lang="fi", **params)
        first = time.perf_counter() - start
        assert not at.exception, at.exception
        warm = []
        for _ in range(7):
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
        label = f"{page} ({params.get('peers', '-')})"
        line(f"{label}: first render", first * 1000, "ms", "<= 1500 ms", "page_first_render_ms")
        line(
            f"{label}: warm rerun (median of 7)",
            statistics.median(warm) * 1000,
            "ms",
            "<= 200 ms",
            "page_warm_rerun_ms",
        )
    emit("bench_situation", FIGURES)


if __name__ == "__main__":
    main()
