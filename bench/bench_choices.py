"""How the projection's procedure was fixed from the years before 2012, and what the alternatives would have done.

    .venv/bin/python bench/bench_choices.py     # prints the tables (bench_accuracy.py writes them to docs/)

Population (308 municipalities, data from 1972) is projected by every method from every origin 1976–2024
(15-year windows, shorter where the data begin later; means only). A *procedure* turns the misses of the
origins before an origin into a forecast and bands at that origin, exactly as the engine does: the method
choice from the 12 newest origins (|miss| ÷ level), the band quantiles ceil((n + 1) p)-th smallest per
horizon, never narrower further ahead. Procedures are compared on origins 1999–2010 scored only on years up
to 2011 (the "pre-2012" check), so the choice among them could not see any year the accuracy tables score.
The rows for the test origins 2012, 2015 and 2018 are shown after the fact and were not used to choose.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from foresight.columns import INDICATOR  # noqa: E402
from foresight.projection import batch as B  # noqa: E402
from foresight.projection import conformal as CF  # noqa: E402
from foresight.projection import methods as M  # noqa: E402
from foresight.projection.pooled import POOLED, pooled_means  # noqa: E402
from foresight.snapshot import load_snapshot  # noqa: E402

H = B.BACKTEST_HORIZON
META_ORIGINS = range(1999, 2011)  # each with twelve full-window origins before it
META_LAST_YEAR = 2011
TEST_ORIGINS = (2012, 2015, 2018)
SINGLES = tuple(m for m in M.METHODS if m != M.LOG_LINEAR)  # log-linear: means_only gives logs
CANDIDATES = (*SINGLES, POOLED)  # what the engine chooses from for population
COMBOS = {  # equal-weight combinations named a priori (M4's "Comb"; averaging over estimation windows)
    "mean of drift 3/5/10/15 y": (M.DRIFT_3, M.DRIFT_5, M.DRIFT_10, M.DRIFT),
    "mean of drift 3/5/10 y": (M.DRIFT_3, M.DRIFT_5, M.DRIFT_10),
    "mean of drift 3/5/10 y + damped": (M.DRIFT_3, M.DRIFT_5, M.DRIFT_10, M.DAMPED),
    # The engine's combination before its damped member was started from the last value (issue 13's
    # "every trend starts from the last observed value"); kept to show the change scores alike before 2012.
    "mean of drift 3 y, drift 15 y, damped from the smoothed level": (M.DRIFT_3, M.DRIFT, M.DAMPED),
}
POOLS = (12, 16, 20, 24, 30, 99)
SIZE_CLASSES: dict[str, tuple[float, ...] | str] = {
    "one pool": (),
    "two size classes (10 000)": (10_000,),
    "three (5 000, 20 000)": (5_000, 20_000),
    "terciles of the level at each origin": "terciles",
}


def size_class(level: np.ndarray, spec: tuple[float, ...] | str) -> np.ndarray:
    """Class per row: by fixed thresholds, or by the terciles of the level across the rows."""
    if spec == "terciles":
        return CF.size_classes(level)
    return np.digitize(level, spec)


class Data:
    """Forecasts (origin → method → R × H), actual values (origin → R × H) and levels at each origin."""

    def __init__(self) -> None:
        obs = load_snapshot().observations
        _, years, values = B.wide(obs[obs[INDICATOR] == B.POPULATION], B.POPULATION)
        padded = np.concatenate([values, np.full((values.shape[0], H), np.nan)], axis=1)
        self.fc: dict[int, dict[str, np.ndarray]] = {}
        self.actual: dict[int, np.ndarray] = {}
        self.level: dict[int, np.ndarray] = {}
        self.spread: dict[int, np.ndarray] = {}  # std of the yearly log growth in the window
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for end in range(M.MIN_POINTS - 1, years.size - 1):
                o = int(years[end])
                res = B.run_methods(B.window(values, end), H, SINGLES, means_only=True)
                self.fc[o] = {m: res[m].loc for m in SINGLES}
                for name, parts in COMBOS.items():
                    self.fc[o][name] = np.mean([res[p].loc for p in parts], axis=0)
                # The cross-municipality model needs the whole panel up to the origin, not the window.
                self.fc[o][POOLED] = pooled_means(values, end, res[M.COMBINED].loc)
                self.actual[o] = padded[:, end + 1 : end + 1 + H]
                self.level[o] = values[:, end]
                growth = np.diff(np.log(B.window(values, end)), axis=1)
                spread = np.nanstd(growth, axis=1)
                spread = np.where(spread > 0, spread, np.nan)
                self.spread[o] = np.where(np.isfinite(spread), spread, np.nanmedian(spread))

    def before(self, origin: int, n: int) -> list[int]:
        """The n origins before `origin` (newest first) whose data exist."""
        return [o for o in range(origin - 1, origin - n - 1, -1) if o in self.fc]

    def scored_cells(self, origin: int, method: str) -> int:
        """Cells (municipality × horizon × origin) the method scored at the 12 origins before `origin`."""
        total = 0
        for o in self.before(origin, B.BACKTEST_ORIGINS):
            known = np.isfinite(self.fc[o][method] - self.actual[o])[:, : min(origin - o, H)]
            total += int(known.sum())
        return total

    def common_cells(self, origin: int, methods: tuple[str, ...]) -> dict[int, np.ndarray]:
        """Per origin before `origin`: the cells (R × H) every method in `methods` scored."""
        out = {}
        for o in self.before(origin, B.BACKTEST_ORIGINS):
            out[o] = np.logical_and.reduce([np.isfinite(self.fc[o][m] - self.actual[o]) for m in methods])
        return out

    def pooled(self, origin: int, method: str, cells: dict[int, np.ndarray] | None = None) -> np.ndarray:
        """Mean |miss| ÷ level per horizon over the 12 origins before `origin`, years up to `origin` only
        (only the given cells per origin, if any)."""
        num, cnt = np.zeros(H), np.zeros(H)
        for o in self.before(origin, B.BACKTEST_ORIGINS):
            z = np.abs(self.fc[o][method] - self.actual[o]) / self.level[o][:, None]
            if cells is not None:
                z = np.where(cells[o], z, np.nan)
            h = origin - o  # horizons 1..h are known at `origin`
            part = z[:, : min(h, H)]
            ok = np.isfinite(part)
            num[: part.shape[1]] += np.where(ok, part, 0).sum(axis=0)
            cnt[: part.shape[1]] += ok.sum(axis=0)
        with np.errstate(all="ignore"):
            return np.where(cnt > 0, num / cnt, np.nan)


def choose_all_horizons(d: Data, o: int, pool: tuple[str, ...] = CANDIDATES) -> np.ndarray:
    """The engine's rule: one method, lowest pooled error averaged over the scored horizons (compared on
    the cells every candidate scored, as the engine does)."""
    return d.fc[o][chosen(d, o, pool)]


def chosen(d: Data, o: int, pool: tuple[str, ...] = CANDIDATES) -> str:
    """The method the engine's rule picks at origin o: as batch.pooled_scores and _choose, only
    methods scored on at least MIN_SHARE_SCORED of the best-covered one's cells compete, on the cells
    all of them scored."""
    counts = {m: d.scored_cells(o, m) for m in pool}
    most = max(counts.values())
    competing = tuple(m for m in pool if most > 0 and counts[m] >= B.MIN_SHARE_SCORED * most)
    common = d.common_cells(o, competing)
    score = {m: float(np.nanmean(d.pooled(o, m, common))) for m in competing}
    return min(competing, key=lambda m: score[m])


def choose_per_horizon(d: Data, o: int, pool: tuple[str, ...] = SINGLES) -> np.ndarray:
    """For each horizon the method with the lowest pooled error at that horizon (else over all horizons)."""
    scores = {m: d.pooled(o, m) for m in pool}
    out = np.empty_like(d.fc[o][M.NAIVE])
    for h in range(H):
        key = {m: (s[h] if np.isfinite(s[h]) else float(np.nanmean(s))) for m, s in scores.items()}
        out[:, h] = d.fc[o][min(pool, key=lambda m: key[m])][:, h]
    return out


def top_k(k: int) -> Callable[[Data, int], np.ndarray]:
    def rule(d: Data, o: int) -> np.ndarray:
        scores = {m: d.pooled(o, m) for m in SINGLES}
        out = np.empty_like(d.fc[o][M.NAIVE])
        for h in range(H):
            key = {m: (s[h] if np.isfinite(s[h]) else float(np.nanmean(s))) for m, s in scores.items()}
            best = sorted(SINGLES, key=lambda m: key[m])[:k]
            out[:, h] = np.mean([d.fc[o][m][:, h] for m in best], axis=0)
        return out

    return rule


def fixed(name: str) -> Callable[[Data, int], np.ndarray]:
    return lambda d, o: d.fc[o][name]


RULES: dict[str, Callable[[Data, int], np.ndarray]] = {
    "engine: one method for all horizons, the pooled model among the candidates": choose_all_horizons,
    "the same without the pooled model (chooses combined)": lambda d, o: choose_all_horizons(d, o, SINGLES),
    "fixed: pooled (combined averaged with the cross-municipality model)": fixed(POOLED),
    "one method per horizon": choose_per_horizon,
    "one per horizon, window averages among the candidates": lambda d, o: choose_per_horizon(
        d, o, (*SINGLES, *COMBOS)
    ),
    **{f"fixed: {name}": fixed(name) for name in COMBOS},
    "average of the 2 best per horizon": top_k(2),
    "average of the 3 best per horizon": top_k(3),
}


def mape(d: Data, o: int, forecast: np.ndarray, last_year: int | None = None) -> np.ndarray:
    """Mean absolute % error per horizon (NaN past the data or past last_year)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ape = np.abs(forecast - d.actual[o]) / d.actual[o] * 100
        out = np.nanmean(ape, axis=0)
    if last_year is not None:
        out[last_year - o :] = np.nan
    return out


def meta_mean(per_origin: list[np.ndarray]) -> float:
    """Mean over horizons of the mean over origins (each horizon counts once)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.nanmean(np.nanmean(np.array(per_origin), axis=0)))


def band_scale(d: Data, o: int, spread_power: float = 0.0) -> np.ndarray:
    """What misses are divided by at origin o: the level, times the spread of the yearly growth in the
    window to spread_power (0: the level only, as the engine)."""
    return d.level[o] * d.spread[o] ** spread_power


def band_factors(
    d: Data, o: int, n_pool: int, prob: float, classes: tuple[float, ...] | str, spread_power: float = 0.0
) -> np.ndarray:
    """Conformal half-widths ÷ level per row (R × H) from the combined method's misses at the n_pool
    origins before o (years up to o), per size class of the level at each origin."""
    rows = d.level[o].size
    cls_now = size_class(d.level[o], classes)
    out = np.full((rows, H), np.nan)
    for c in np.unique(cls_now):
        z = np.full((0, H), np.nan)
        for oo in d.before(o, n_pool):
            zz = np.abs(d.fc[oo][M.COMBINED] - d.actual[oo]) / band_scale(d, oo, spread_power)[:, None]
            zz[:, o - oo :] = np.nan
            z = np.vstack([z, zz[size_class(d.level[oo], classes) == c]])
        q = CF.quantile_rows(z, (prob,), CF.MIN_CALIBRATION)[0]
        out[cls_now == c] = CF.extend_factors(q, H)
    return out * (band_scale(d, o, spread_power) / d.level[o])[:, None]


def bands_score(
    d: Data,
    o: int,
    n_pool: int,
    prob: float,
    classes: tuple[float, ...] | str,
    last_year: int | None = None,
    width: float = 1.0,
    spread_power: float = 0.0,
    thirds_of: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interval score (Gneiting & Raftery 2007, % of the actual value) and coverage (%) per horizon, and
    the coverage (%) over the scored horizons in each third of the municipalities by size at the origin
    (or by thirds_of). width: a factor on the band's half-width (1: the rule's own band)."""
    half = width * band_factors(d, o, n_pool, prob, classes, spread_power) * d.level[o][:, None]
    miss = np.abs(d.fc[o][M.COMBINED] - d.actual[o])
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        score = (2 * half + 2 / (1 - prob) * np.maximum(miss - half, 0)) / d.actual[o] * 100
        inside = np.where(np.isfinite(d.actual[o]), miss <= half, np.nan)
        s, c = np.nanmean(score, axis=0), np.nanmean(inside, axis=0) * 100
    if last_year is not None:
        s[last_year - o :], c[last_year - o :] = np.nan, np.nan
        inside[:, last_year - o :] = np.nan
    third = CF.size_classes(d.level[o] if thirds_of is None else thirds_of)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        by_third = np.array([np.nanmean(inside[third == k]) * 100 for k in range(3)])
    return s, c, by_third


def fmt_row(values: np.ndarray, digits: int = 2) -> str:
    return " | ".join("–" if not np.isfinite(v) else f"{v:.{digits}f}" for v in values)


def tables(d: Data | None = None) -> list[str]:
    """Markdown: the point-forecast rules and the band pools, pre-2012 check and test origins."""
    d = d or Data()
    out = [
        "\n**Point forecasts: rules compared before 2012** (population; mean absolute % error averaged over "
        f"origins {META_ORIGINS.start}–{META_ORIGINS.stop - 1} and then over horizons 1–10, years up to "
        f"{META_LAST_YEAR} only; then, after the fact, the test origins at 1 / 4 / 7 years)\n",
        "| rule | pre-2012 | " + " | ".join(f"{o}: 1/4/7 y" for o in TEST_ORIGINS) + " |",
        "|---|---|" + "---|" * len(TEST_ORIGINS),
    ]
    for name, rule in RULES.items():
        meta = meta_mean([mape(d, o, rule(d, o), META_LAST_YEAR) for o in META_ORIGINS])
        tests = []
        for o in TEST_ORIGINS:
            e = mape(d, o, rule(d, o))
            tests.append("/".join(f"{e[h]:.2f}" for h in (0, 3, 6)))
        out.append(f"| {name} | {meta:.3f} | " + " | ".join(tests) + " |")
    drift5 = ["/".join(f"{mape(d, o, d.fc[o][M.DRIFT_5])[h]:.2f}" for h in (0, 3, 6)) for o in TEST_ORIGINS]
    out.append(
        "| (reference: plain 5-year drift) | "
        f"{meta_mean([mape(d, o, d.fc[o][M.DRIFT_5], META_LAST_YEAR) for o in META_ORIGINS]):.3f} | "
        + " | ".join(drift5)
        + " |"
    )
    out += [
        "\n**Bands: calibration pool and size classes compared before 2012** (the combined method's misses; "
        "interval score of the 80 % and 95 % bands summed, % of the actual value, averaged as above; lower is "
        "better; the pool size was fixed first with one pool, then the size classes at that size; then, after "
        "the fact, the 80 % coverage range over horizons 1–10 at the test origins and, in brackets, over all "
        "those horizons in the smallest, middle and largest third of the municipalities)\n",
        "| origins pooled | size classes | pre-2012 interval score 80 + 95 | pre-2012 80 % coverage range | "
        "pre-2012 80 % coverage by size third (small/middle/large) | "
        + " | ".join(f"{o}: 80 % coverage range (by third)" for o in TEST_ORIGINS)
        + " |",
        "|---|---|---|---|---|" + "---|" * len(TEST_ORIGINS),
    ]
    # First the pool size with one pool (fixed first), then the size classes at that pool size.
    configs = [(n, "one pool") for n in POOLS] + [
        (B.CALIBRATION_ORIGINS, k) for k in SIZE_CLASSES if k != "one pool"
    ]
    for n, cname in configs:
        classes = SIZE_CLASSES[cname]
        total, covs, thirds = 0.0, np.full(H, np.nan), np.full(3, np.nan)
        for prob in (0.8, 0.95):
            runs = [bands_score(d, o, n, prob, classes, META_LAST_YEAR) for o in META_ORIGINS]
            total += meta_mean([s for s, _, _ in runs])
            if prob == 0.8:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    covs = np.nanmean(np.array([c for _, c, _ in runs]), axis=0)
                    thirds = np.nanmean(np.array([t for _, _, t in runs]), axis=0)
        tests = []
        for o in TEST_ORIGINS:
            _, c, t = bands_score(d, o, n, 0.8, classes)
            tests.append(f"{np.nanmin(c):.0f}–{np.nanmax(c):.0f} ({'/'.join(f'{v:.0f}' for v in t)})")
        label = "all" if n == 99 else str(n)
        if n == B.CALIBRATION_ORIGINS and cname == "terciles of the level at each origin":
            label += " (engine)"
        out.append(
            f"| {label} | {cname} | {total:.2f} | {np.nanmin(covs):.0f}–{np.nanmax(covs):.0f} | "
            f"{'/'.join(f'{v:.0f}' for v in thirds)} | " + " | ".join(tests) + " |"
        )
    out += per_origin_coverage(d)
    out += width_factor_coverage(d)
    out += spread_scaled(d)
    return out


def per_origin_coverage(d: Data) -> list[str]:
    """Markdown: the engine's 80 % band rule's coverage at each origin, by horizon (years up to 2011 before
    2012): how far it strays from 80 % from one origin to the next, with no turn in sight."""
    out = [
        "\n**The engine's 80 % bands, coverage (%) at each origin by horizon** (the combined method's misses "
        f"pooled over the {B.CALIBRATION_ORIGINS} origins before, per size third; before 2012 only years up to "
        f"{META_LAST_YEAR})\n",
        "| origin | " + " | ".join(f"{h} y" for h in range(1, H + 1)) + " | range |",
        "|---|" + "---|" * (H + 1),
    ]
    above, below = [], []
    for o in (*META_ORIGINS, *TEST_ORIGINS):
        last = META_LAST_YEAR if o < TEST_ORIGINS[0] else None
        _, cover, _ = bands_score(d, o, B.CALIBRATION_ORIGINS, 0.8, "terciles", last)
        out.append(f"| {o} | {fmt_row(cover, 0)} | {np.nanmin(cover):.0f}–{np.nanmax(cover):.0f} |")
        rounded = np.round(cover)
        if np.nanmax(rounded) > 85:
            above.append(o)
        if np.nanmin(rounded) < 75:
            below.append(o)
    before = len(META_ORIGINS)
    out.append(
        f"\nThe same rule went above 85 % at some horizon at {sum(o < TEST_ORIGINS[0] for o in above)} of the "
        f"{before} origins before 2012 and below 75 % at {sum(o < TEST_ORIGINS[0] for o in below)}; of the "
        f"test origins, above at {', '.join(map(str, (o for o in above if o in TEST_ORIGINS))) or 'none'} and "
        f"below at {', '.join(map(str, (o for o in below if o in TEST_ORIGINS))) or 'none'}. The misses' spread "
        "changes from one decade to the next (calmer 2000s, the turns of the 2010s), and a rule fixed in "
        "advance learns it only afterwards."
    )
    return out


WIDTH_FACTORS = (0.9, 1.0, 1.1, 1.2, 1.3)


def width_factor_coverage(d: Data, factors: Sequence[float] = WIDTH_FACTORS) -> list[str]:
    """Markdown: the 80 % band's coverage range over horizons at the test origins with its half-width times
    one factor everywhere: whether any single width puts every origin inside 75–85 %."""
    out = [
        "\n**One width for every origin?** The engine's 80 % band (as above) with its half-width multiplied by "
        "one factor at every origin and horizon: coverage range (%) over the horizons scored at each test origin, "
        "shown after the fact\n",
        "| factor | " + " | ".join(f"from {o}" for o in TEST_ORIGINS) + " | all within 75–85 % |",
        "|---|" + "---|" * (len(TEST_ORIGINS) + 1),
    ]
    rows = []
    for k in factors:
        ranges = []
        for o in TEST_ORIGINS:
            _, cover, _ = bands_score(d, o, B.CALIBRATION_ORIGINS, 0.8, "terciles", width=k)
            ranges.append((round(float(np.nanmin(cover))), round(float(np.nanmax(cover)))))
        rows.append((k, ranges))
        inside = all(lo >= 75 and hi <= 85 for lo, hi in ranges)
        cells = " | ".join(f"{lo}–{hi}" for lo, hi in ranges)
        out.append(f"| {k:.1f} | {cells} | {'yes' if inside else 'no'} |")
    wide_enough = [(k, r) for k, r in rows if all(lo >= 75 for lo, _ in r)]
    if wide_enough:
        k, ranges = wide_enough[0]
        over = [f"{o} ({hi} %)" for o, (_, hi) in zip(TEST_ORIGINS, ranges, strict=True) if hi > 85]
        out.append(
            f"\nThe narrowest of these factors that keeps every test origin at 75 % or more is {k:.1f}; with it "
            + (
                f"coverage rises above 85 % from {', '.join(over)}: no single width meets 75–85 % at every origin. "
                "All municipalities share the national trend, so at one origin their misses are one draw, not "
                "independent ones, and a width that holds on average over origins swings around 80 % from one "
                "origin to the next."
                if over
                else "every origin stays at 85 % or less."
            )
        )
    return out


SPREAD_POWERS = (0.0, 0.5, 0.6)


def spread_scaled(d: Data, powers: Sequence[float] = SPREAD_POWERS) -> list[str]:
    """Markdown: bands whose misses are scaled by the level times the spread of each municipality's yearly
    growth (normalised conformal prediction, Lei et al. 2018) against the engine's level-only scale."""
    out = [
        "\n**Bands scaled also by each municipality's own growth spread?** (tried 2026-12-07, after the test "
        "origins' figures were known). The misses divided by the level times (the standard deviation of the "
        "yearly growth in the 15-year window) to a power, size thirds and 16 origins as the engine; power 0 "
        "is the engine. Interval score 80 + 95 as above; 80 % coverage in the calmest, middle and most "
        "volatile third of the municipalities by that spread\n",
        "| power | pre-2012 interval score | pre-2012 80 % by spread third | "
        + " | ".join(f"{o}: score; 80 % range; 95 % range; 80 % by spread third" for o in TEST_ORIGINS)
        + " |",
        "|---|---|---|" + "---|" * len(TEST_ORIGINS),
    ]
    n = B.CALIBRATION_ORIGINS
    for p in powers:
        total, thirds = 0.0, []
        for prob in (0.8, 0.95):
            runs = [
                bands_score(d, o, n, prob, "terciles", META_LAST_YEAR, spread_power=p, thirds_of=d.spread[o])
                for o in META_ORIGINS
            ]
            total += meta_mean([s for s, _, _ in runs])
            if prob == 0.8:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    thirds = np.nanmean(np.array([t for _, _, t in runs]), axis=0)
        cells = []
        for o in TEST_ORIGINS:
            s80, c80, t80 = bands_score(d, o, n, 0.8, "terciles", spread_power=p, thirds_of=d.spread[o])
            s95, c95, _ = bands_score(d, o, n, 0.95, "terciles", spread_power=p)
            score = float(np.nanmean(s80) + np.nanmean(s95))
            cells.append(
                f"{score:.2f}; {np.nanmin(c80):.0f}–{np.nanmax(c80):.0f}; {np.nanmin(c95):.0f}–{np.nanmax(c95):.0f}; "
                + "/".join(f"{v:.0f}" for v in t80)
            )
        label = f"{p:g}" + (" (engine)" if p == 0 else "")
        out.append(
            f"| {label} | {total:.2f} | {'/'.join(f'{v:.0f}' for v in thirds)} | " + " | ".join(cells) + " |"
        )
    out.append(
        "\nThe engine's bands are too narrow for the most volatile third and too wide for the calmest. Scaled by "
        "the spread, the bands score better before 2012 and at every test origin, and before 2012 they cover "
        "the calm and the volatile municipalities alike. They are not taken: when the trends turned "
        "(from 2012 and 2015) the calmest municipalities' bands, now narrower, covered least, and from 2015 the "
        "95 % band fell below 90 %, a target (issue 13) the engine's level-only bands meet."
    )
    return out


if __name__ == "__main__":
    print("\n".join(tables()))
