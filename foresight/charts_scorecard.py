"""Figures of the strategy scorecard and the network's seminar view (plotly graph_objects).

Scorecard: the history (solid), its trend (dashed, 80 % and 95 % bands), the straight target path from the
baseline to the 2030 target (green, dotted) and the 2029 milestone (diamond). Seminar: the members ×
indicators matrix (class colours with a symbol in every cell, values on hover) and the network's 2030
picture (each member's projected value with its 80 % band, the group median, saved targets).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from foresight import seminar
from foresight.charts import MUNICIPALITY_COLOUR, PEER_COLOUR, _layout
from foresight.charts_projection import add_bands
from foresight.columns import INDICATOR, MEAN, MUNICIPALITY, YEAR
from foresight.format import with_gaps

TARGET_COLOUR = "#1b7f3b"
MEDIAN_COLOUR = "#3e4c59"
LABEL_KEYS = ("history", "trend", "band_80", "band_95", "target_path", "milestone", "target", "baseline")


def _fmt(decimals: int) -> str:
    return f",.{max(decimals, 0)}f"


def scorecard_indicator(
    history: pd.Series,
    forecast: pd.DataFrame | None,
    baseline: tuple[int, float],
    target: tuple[int, float],
    milestone: tuple[int, float],
    lang: str,
    labels: Mapping[str, str],
    y_title: str = "",
    decimals: int = 1,
    height: int = 420,
) -> go.Figure:
    """History + trend with bands, the straight target path, the milestone and the target (labels: LABEL_KEYS)."""
    fmt = _fmt(decimals)
    fig = go.Figure()
    hist = history.dropna().sort_index()
    if forecast is not None and not forecast.empty and not hist.empty:
        last_year, last_value = int(hist.index.max()), float(hist.iloc[-1])
        x = [last_year, *forecast[YEAR].astype(int)]
        add_bands(fig, x, last_value, forecast, labels)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[last_value, *forecast[MEAN]],
                mode="lines",
                line=dict(color=MUNICIPALITY_COLOUR, width=3, dash="dash"),
                name=labels["trend"],
                hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra>{labels['trend']}</extra>",
            )
        )
    if not hist.empty:
        xs, ys = with_gaps([int(y) for y in hist.index], list(hist.to_numpy(dtype=float)))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line=dict(color=MUNICIPALITY_COLOUR, width=3),
                marker=dict(size=5),
                name=labels["history"],
                hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra>{labels['history']}</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[baseline[0], target[0]],
            y=[baseline[1], target[1]],
            mode="lines",
            line=dict(color=TARGET_COLOUR, width=3, dash="dot"),
            name=labels["target_path"],
            hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra>{labels['target_path']}</extra>",
        )
    )
    for (year, value), key, symbol, size, place in (
        (baseline, "baseline", "circle-open", 13, "top center"),
        (milestone, "milestone", "diamond", 15, "bottom left"),
        (target, "target", "star", 17, "top center"),
    ):
        fig.add_trace(
            go.Scatter(
                x=[year],
                y=[value],
                mode="markers+text",
                marker=dict(color=TARGET_COLOUR, size=size, symbol=symbol, line=dict(color="white", width=1)),
                text=[labels[key]],
                textposition=place,
                textfont=dict(color=TARGET_COLOUR),
                name=labels[key],
                showlegend=False,
                hovertemplate=f"{labels[key]} %{{x}}: %{{y:{fmt}}}<extra></extra>",
            )
        )
    return _layout(
        fig,
        lang,
        height,
        xaxis=dict(tickformat="d", dtick=5),
        yaxis=dict(title=dict(text=y_title), tickformat=fmt),
        hovermode="closest",
    )


# The widest cell text ("3/4", "▲▲") is about 1.6 em; a little air on both sides.
CELL_TEXT_EM = 1.8
MIN_CELL_FONT = 9


def cell_font(columns: int, plot_width: float, largest: int, smallest: int = MIN_CELL_FONT) -> int:
    """The largest font size (px, at most `largest`) at which a cell's text fits a column of the plot."""
    if columns <= 0:
        return largest
    fits = int((plot_width / columns - 2) / CELL_TEXT_EM)  # 2 px gap between cells
    return max(smallest, min(largest, fits))


def seminar_matrix(
    table: pd.DataFrame,
    order: Sequence[str],
    names: Mapping[str, str],
    indicator_names: Mapping[str, str],
    values_text: Mapping[tuple[str, str], str],
    class_words: Mapping[str, str],
    year_word: str,
    lang: str,
    font_size: int = 13,
    width: int = 790,
) -> go.Figure:
    """Indicators (rows) × members (columns, in `order`): class colour and symbol in every cell; the value, its
    year and the class in words on hover. Each row's indicator name is written horizontally in the gap above
    its cells, so the members' columns get the whole width.

    width: the narrowest container the figure is drawn in (px); the cell text is sized to fit its column there
    and is the same size elsewhere (the figure itself stretches to its container's width)."""
    inds = list(dict.fromkeys(table[INDICATOR]))
    classes = list(seminar.CLASSES)
    index = {c: i for i, c in enumerate(classes)}
    # One pivot instead of a lookup per cell: rows in the table's indicator order, columns in `order`.
    cls = table.pivot(index=INDICATOR, columns=MUNICIPALITY, values="class").reindex(
        index=inds, columns=list(order)
    )
    years = table.pivot(index=INDICATOR, columns=MUNICIPALITY, values=YEAR).reindex(
        index=inds, columns=list(order)
    )
    cls_arr = cls.to_numpy(dtype=object)
    z = np.vectorize(index.__getitem__, otypes=[float])(cls_arr) + 0.5 if cls_arr.size else np.zeros((0, 0))
    symbols = np.vectorize(seminar.SYMBOLS.__getitem__, otypes=[object])(cls_arr) if cls_arr.size else cls_arr
    dark = np.isin(cls_arr, list(seminar.DARK))
    col_names = [names.get(c, c) for c in order]
    row_names = [indicator_names[i] for i in inds]
    rows_y = list(range(len(inds)))
    year_arr = years.to_numpy(dtype=float)
    hover = [
        [
            f"<b>{col_names[c]}</b><br>{row_names[r]}<br>{values_text[(code, ind)]} ({year_word} "
            f"{'–' if np.isnan(year_arr[r, c]) else int(year_arr[r, c])})"
            f"<br>{symbols[r, c]} {class_words[cls_arr[r, c]]}"
            for c, code in enumerate(order)
        ]
        for r, ind in enumerate(inds)
    ]
    n = len(classes)
    scale = []
    for i, name in enumerate(classes):
        scale += [[i / n, seminar.COLOURS[name]], [(i + 1) / n, seminar.COLOURS[name]]]
    cell = cell_font(len(order), width - 20, font_size)
    title_gap = font_size + 10  # px between rows, where the indicator's name is written
    row_px = max(2 * cell + 4, 24) + title_gap
    # The value is on hover and in the table: the cells have room for the symbol only. Cells with a dark
    # fill get their symbol from a second layer in white (≥ 4.5:1 contrast either way).
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=col_names,
            y=rows_y,
            zmin=0,
            zmax=n,
            colorscale=scale,
            showscale=False,
            text=np.where(dark, "", symbols).tolist() if cls_arr.size else [],
            texttemplate="%{text}",
            textfont=dict(size=cell, color="#1f2933"),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            xgap=2,
            ygap=title_gap,
        )
    )
    rows, cols = np.nonzero(dark)
    if rows.size:
        fig.add_trace(
            go.Scatter(
                x=[col_names[c] for c in cols],
                y=[rows_y[r] for r in rows],
                mode="text",
                text=[symbols[r, c] for r, c in zip(rows, cols, strict=True)],
                textfont=dict(color="white", size=cell),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    titles = [
        dict(
            x=0,
            xref="paper",
            xanchor="left",
            y=r - 0.5,
            yref="y",
            yanchor="middle",
            text=name,
            showarrow=False,
            font=dict(size=font_size + 1, color="#1f2933"),
        )
        for r, name in enumerate(row_names)
    ]
    longest = max((len(c) for c in col_names), default=0)
    top = int(longest * font_size * 0.55) + 20  # the members' names, read upwards at 60°
    plot_px = row_px * max(len(inds), 1)
    # A narrow column (a long custom list) gets upright names, so neighbours never touch.
    angle = -60 if (width - 20) / max(len(order), 1) >= 1.3 * font_size else -90
    return _layout(
        fig,
        lang,
        plot_px + top + 10,
        xaxis=dict(
            side="top", tickangle=angle, showgrid=False, tickfont=dict(size=font_size), automargin=True
        ),
        # Half a gap above the first row, so its title is inside the plot.
        yaxis=dict(
            range=[len(inds) - 0.5, -0.5 - title_gap / 2 / row_px],
            showgrid=False,
            showticklabels=False,
            zeroline=False,
            fixedrange=True,
        ),
        annotations=titles,
        margin=dict(l=10, r=10, t=top, b=10),
    )


def network_2030(
    frame: pd.DataFrame,
    median: float | None,
    names: Mapping[str, str],
    highlight: str,
    lang: str,
    labels: Mapping[str, str],
    targets: Mapping[str, float] | None = None,
    decimals: int = 1,
    x_title: str = "",
    height: int | None = None,
) -> go.Figure:
    """Each member's projected value (dot) with its 80 % band (bar), the group median, saved targets (stars).

    labels: projected, band_80, median, target."""
    fmt = _fmt(decimals)
    part = frame.sort_values(MEAN, kind="stable")
    ys = [names.get(c, c) for c in part[MUNICIPALITY]]
    colours = [MUNICIPALITY_COLOUR if c == highlight else PEER_COLOUR for c in part[MUNICIPALITY]]
    fig = go.Figure(
        go.Scatter(
            x=part[MEAN],
            y=ys,
            mode="markers",
            marker=dict(color=colours, size=12),
            error_x=dict(
                type="data",
                symmetric=False,
                array=part["upper_80"] - part[MEAN],
                arrayminus=part[MEAN] - part["lower_80"],
                color="#7b8794",
                thickness=2,
                width=4,
            ),
            name=labels["projected"],
            customdata=np.stack([part["lower_80"], part["upper_80"]], axis=-1) if len(part) else None,
            hovertemplate=(
                f"<b>%{{y}}</b><br>{labels['projected']}: %{{x:{fmt}}}<br>"
                f"{labels['band_80']}: %{{customdata[0]:{fmt}}} – %{{customdata[1]:{fmt}}}<extra></extra>"
            ),
        )
    )
    if targets:
        hit = [(names.get(c, c), v) for c, v in targets.items() if c in set(part[MUNICIPALITY])]
        if hit:
            fig.add_trace(
                go.Scatter(
                    x=[v for _, v in hit],
                    y=[n for n, _ in hit],
                    mode="markers",
                    marker=dict(color=TARGET_COLOUR, size=15, symbol="star"),
                    name=labels["target"],
                    hovertemplate=f"<b>%{{y}}</b><br>{labels['target']}: %{{x:{fmt}}}<extra></extra>",
                )
            )
    shapes = []
    annotations = []
    if median is not None:
        shapes.append(
            dict(
                type="line",
                x0=median,
                x1=median,
                yref="paper",
                y0=0,
                y1=1,
                line=dict(color=MEDIAN_COLOUR, dash="dash"),
            )
        )
        annotations.append(
            dict(x=median, yref="paper", y=1.0, text=labels["median"], showarrow=False, yanchor="bottom")
        )
    return _layout(
        fig,
        lang,
        height or max(320, 30 * len(part) + 120),
        xaxis=dict(title=dict(text=x_title), tickformat=fmt),
        yaxis=dict(showgrid=False),
        shapes=shapes,
        annotations=annotations,
        showlegend=bool(targets),
        margin=dict(l=10, r=10, t=40, b=10),
    )
