"""Where a municipality stands among its peers: rank, percentile, peer band and a relative verdict."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, THEMES, VALUE, YEAR
from foresight.freshness import years_old
from foresight.peers import MIN_PEERS_FOR_RANK

# Relative verdicts: colour by polarity, compared with the peers' interquartile range (not a judgement).
BETTER, WORSE, MIDDLE, NEUTRAL, TOO_FEW, NO_DATA = (
    "better",
    "worse",
    "middle",
    "neutral",
    "too_few",
    "no_data",
)


def series(obs: pd.DataFrame, code: str, indicator: str) -> pd.Series:
    """One municipality's values of one indicator, indexed by year."""
    part = obs[(obs[MUNICIPALITY] == code) & (obs[INDICATOR] == indicator)]
    return part.set_index(YEAR)[VALUE].sort_index()


def change_over(values: pd.Series, years: int) -> float | None:
    """Change from `years` before the latest year to the latest (absolute units); None without both ends."""
    if values.empty:
        return None
    last = int(values.index.max())
    if last - years not in values.index:
        return None
    return float(values.loc[last] - values.loc[last - years])


def rank_among(value: float, peer_values: Sequence[float], polarity: int) -> int:
    """Rank of a value among itself and its peers: 1 is best (or largest when polarity is neutral)."""
    others = np.asarray(peer_values, dtype=float)
    better = others < value if polarity == -1 else others > value
    return int(better.sum()) + 1


def percentile(value: float, peer_values: Sequence[float]) -> float:
    """Share of peers with a lower value, in % (ties count half)."""
    others = np.asarray(peer_values, dtype=float)
    if others.size == 0:
        return float("nan")
    return float(((others < value).sum() + 0.5 * (others == value).sum()) / others.size * 100)


def verdict(value: float, peer_values: Sequence[float], polarity: int) -> str:
    """Better / worse than peers when outside their interquartile range, by the indicator's polarity."""
    others = np.asarray(peer_values, dtype=float)
    if others.size < MIN_PEERS_FOR_RANK:
        return TOO_FEW
    if polarity == 0:
        return NEUTRAL
    q1, q3 = np.percentile(others, [25, 75])
    if value > q3:
        return BETTER if polarity == 1 else WORSE
    if value < q1:
        return WORSE if polarity == 1 else BETTER
    return MIDDLE


def standing(obs: pd.DataFrame, indicator: pd.Series, code: str, members: Sequence[str]) -> dict[str, object]:
    """The municipality's latest value of one indicator against its peers in the same year.

    `obs` may be the whole table or already narrowed to this indicator and these municipalities.
    """
    ident = str(indicator["id"])
    obs = obs[obs[INDICATOR] == ident]
    is_own = (obs[MUNICIPALITY] == code).to_numpy()
    own = obs[is_own].set_index(YEAR)[VALUE].sort_index()
    row: dict[str, object] = {
        "indicator": ident,
        "theme": indicator["theme"],
        "polarity": int(indicator["polarity"]),
    }
    if own.empty:
        return row | {"status": NO_DATA, "last_year": int(indicator["last_year"])}
    year = int(own.index.max())
    value = float(own.loc[year])
    peers = obs[~is_own & (obs[YEAR] == year).to_numpy() & obs[MUNICIPALITY].isin(list(members)).to_numpy()][
        VALUE
    ]
    row |= {
        "value": value,
        "year": year,
        "change_5": change_over(own, 5),
        "change_10": change_over(own, 10),
        "n_peers": int(peers.size),
        "n_members": len(members),
        "status": verdict(value, peers.to_numpy(), int(indicator["polarity"])),
    }
    if peers.size >= MIN_PEERS_FOR_RANK:
        q = np.percentile(peers.to_numpy(), [0, 25, 50, 75, 100])
        row |= dict(
            zip(("peer_min", "peer_q1", "peer_median", "peer_q3", "peer_max"), map(float, q), strict=True)
        )
        row |= {
            "rank": rank_among(value, peers.to_numpy(), int(indicator["polarity"])),
            "n_ranked": int(peers.size) + 1,
            "percentile": percentile(value, peers.to_numpy()),
        }
    return row


def overview(obs: pd.DataFrame, catalogue: pd.DataFrame, code: str, members: Sequence[str]) -> pd.DataFrame:
    """Standing on every headline indicator, themes in their fixed order."""
    headline = catalogue[catalogue["headline"]]
    # One pass over the big table first; the per-indicator work then runs on a few hundred rows.
    subset = obs[obs[INDICATOR].isin(headline["id"]) & obs[MUNICIPALITY].isin([code, *members])]
    parts = dict(tuple(subset.groupby(INDICATOR, sort=False)))
    empty = subset.iloc[:0]
    rows = [standing(parts.get(ind["id"], empty), ind, code, members) for _, ind in headline.iterrows()]
    frame = pd.DataFrame(rows)
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(THEMES), ordered=True)
    return frame.sort_values("theme", kind="stable").reset_index(drop=True)


def theme_summary(table: pd.DataFrame, catalogue: pd.DataFrame, current_year: int) -> pd.DataFrame:
    """Per theme: strengths and challenges (indicator ids), the indicators judged on old data, and the latest
    data year of the theme.

    Only recent figures name a strength or a challenge: a figure older than freshness.OLD_AFTER_YEARS
    before `current_year` says little about the municipality today. Such judged indicators go to `old`
    (their rows stay in the table), with the range of their years in `old_first` and `old_last`.
    """
    ends = catalogue.groupby("theme", observed=True)["last_year"].max()
    judged = table["status"].isin([BETTER, WORSE, MIDDLE])
    if "year" in table:
        aged = table["year"].map(lambda y: not pd.isna(y) and years_old(int(y), current_year) is not None)
    else:
        aged = pd.Series(False, index=table.index)
    out = []
    for theme in THEMES:
        in_theme = table["theme"] == theme
        fresh = table[in_theme & ~aged]
        old = table[in_theme & aged & judged]
        out.append(
            {
                "theme": theme,
                "strengths": fresh.loc[fresh["status"] == BETTER, "indicator"].tolist(),
                "challenges": fresh.loc[fresh["status"] == WORSE, "indicator"].tolist(),
                "old": old["indicator"].tolist(),
                "old_first": int(old["year"].min()) if not old.empty else None,
                "old_last": int(old["year"].max()) if not old.empty else None,
                "no_data": table.loc[in_theme & (table["status"] == NO_DATA), "indicator"].tolist(),
                "last_year": int(ends.get(theme, 0)),
            }
        )
    return pd.DataFrame(out)


def thinned(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose comparison lacks some peers: indicator, year, peers without a value, peers in all."""
    columns = ["indicator", "year", "missing", "n"]
    if "n_peers" not in table:
        return pd.DataFrame(columns=columns)
    part = table[table["n_peers"].notna() & (table["n_peers"] < table["n_members"])]
    return pd.DataFrame(
        {
            "indicator": part["indicator"].to_numpy(),
            "year": part["year"].astype(int).to_numpy(),
            "missing": (part["n_members"] - part["n_peers"]).astype(int).to_numpy(),
            "n": part["n_members"].astype(int).to_numpy(),
        },
        columns=columns,
    )


def peer_band(obs: pd.DataFrame, indicator: str, members: Sequence[str]) -> pd.DataFrame:
    """Per year among the peers: min, q1, median, q3, max and how many have data."""
    part = obs[(obs[INDICATOR] == indicator) & obs[MUNICIPALITY].isin(list(members))]
    grouped = part.groupby(YEAR)[VALUE]
    band = pd.DataFrame(
        {
            "min": grouped.min(),
            "q1": grouped.quantile(0.25),
            "median": grouped.median(),
            "q3": grouped.quantile(0.75),
            "max": grouped.max(),
            "n": grouped.size(),
        }
    )
    return band[band["n"] >= MIN_PEERS_FOR_RANK]


def ranking(
    obs: pd.DataFrame, indicator: str, polarity: int, codes: Sequence[str], year: int
) -> pd.DataFrame:
    """Values of the given municipalities in one year, best first (largest first when neutral)."""
    part = obs[(obs[INDICATOR] == indicator) & (obs[YEAR] == year) & obs[MUNICIPALITY].isin(list(codes))]
    ascending = polarity == -1
    out = part[[MUNICIPALITY, VALUE]].sort_values([VALUE, MUNICIPALITY], ascending=[ascending, True])
    out["rank"] = out[VALUE].rank(method="min", ascending=ascending).astype(int)
    return out.reset_index(drop=True)
