"""Scorecard and seminar timings: status of a 20-indicator scorecard, the pages' warm reruns, the seminar
matrix of 30 members × 30 indicators (computed and drawn).

    .venv/bin/python bench/bench_scorecard.py

Prints milliseconds (median of repeats; "warm" = the snapshot and its projections already loaded).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from foresight import scorecard as sc  # noqa: E402
from foresight import seminar  # noqa: E402
from foresight.columns import MUNICIPALITY, YEAR  # noqa: E402


def ms(step, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    from foresight.projection import project_snapshot
    from foresight.snapshot import load_snapshot

    snap = load_snapshot()
    results = project_snapshot(2040)
    frames = {str(k): v for k, v in snap.observations.groupby("indicator", sort=False)}
    cat = snap.indicators.set_index("id", drop=False)
    metas = {
        str(i): sc.Meta(str(r["unit"]), int(r["polarity"]), int(r["decimals"])) for i, r in cat.iterrows()
    }
    code = "297"
    # 20 indicators in four goals of five: projectable ones with data for Kuopio.
    chosen = [i for i in cat["id"] if i in results and code in set(frames[i][MUNICIPALITY])][:20]
    goals = []
    for g in range(4):
        items = []
        for ind in chosen[g * 5 : g * 5 + 5]:
            own = frames[ind][frames[ind][MUNICIPALITY] == code].sort_values(YEAR)
            year, value = int(own[YEAR].iloc[-1]), float(own["value"].iloc[-1])
            items.append(sc.Item(ind, year, value, value))
        goals.append(sc.Goal(f"g{g + 1}", f"Goal {g + 1}", tuple(items)))
    card = sc.Scorecard(code, "bench", tuple(goals))

    def status() -> pd.DataFrame:
        hist, fc = {}, {}
        for ind in chosen:
            part = frames[ind][frames[ind][MUNICIPALITY] == code]
            hist[ind] = pd.Series(part["value"].to_numpy(), index=part[YEAR].to_numpy()).sort_index()
            f = results[ind].forecasts(codes=[code])
            fc[ind] = f[f[YEAR] <= 2030]
        return sc.evaluate(card, hist, fc, metas)

    print(
        f"scorecard status, {len(chosen)} indicators (histories + projections + status): {ms(status):.1f} ms"
    )

    # Seminar: 30 members × 30 headline-or-other indicators.
    members = sorted(snap.municipalities["code"])[:30]
    ids = list(cat["id"][:30])
    cat30 = cat.assign(headline=cat["id"].isin(ids)).reset_index(drop=True)
    table = seminar.matrix(frames, cat30, members)
    print(
        f"seminar matrix 30 × {table['indicator'].nunique()} computed: {ms(lambda: seminar.matrix(frames, cat30, members)):.1f} ms"
    )
    from foresight import charts_scorecard
    from foresight.format import with_unit

    names = dict(zip(snap.municipalities["code"], snap.municipalities["name_fi"], strict=True))
    ind_names = {str(i): str(cat.loc[i, "name_fi"]) for i in ids}
    texts = {
        (m, i): with_unit(v, int(cat.loc[i, "decimals"]), str(cat.loc[i, "unit"]), "fi")
        for m, i, v in zip(table[MUNICIPALITY], table["indicator"], table["value"], strict=True)
    }
    words = dict.fromkeys(seminar.CLASSES, "x")

    def draw() -> object:
        order = seminar.row_order(table, names)
        return charts_scorecard.seminar_matrix(
            table, order, names, ind_names, texts, words, "vuosi", "fi"
        ).to_json()

    print(f"seminar matrix 30 × 30 figure built and serialised: {ms(draw):.1f} ms")

    # The pages under AppTest (whole app: router and sidebar run too).
    os.environ["KUNTALUOTAIN_DB_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    from tests.app.conftest import run_app

    at = run_app("pages/scorecard.py", municipality=code, lang="fi", timeout=300)
    at.session_state["sc_cards"] = {code: sc.to_dict(card)}
    at.run()
    assert not at.exception and len(at.number_input) == 2 * len(chosen), "the page did not take the scorecard"
    print(f"scorecard page with the 20-indicator scorecard, warm rerun: {ms(at.run, 5):.0f} ms")
    at2 = run_app(
        "pages/seminar.py", municipality=code, lang="fi", peers="network", season="USO4", timeout=300
    )
    at2.run()
    assert not at2.exception
    print(f"seminar page (USO4: 29 members × 27 headline indicators), warm rerun: {ms(at2.run, 5):.0f} ms")


if __name__ == "__main__":
    main()
