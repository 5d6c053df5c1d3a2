"""Download buttons for tables: CSV, Finnish-Excel CSV and Excel with a sources sheet, generated on click."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from foresight import exports
from foresight.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def buttons(
    make: Callable[[], dict[str, pd.DataFrame]],
    sources: Callable[[], pd.DataFrame],
    stem: str,
    lang: str,
    key: str,
) -> None:
    """Three buttons; the files are built only when clicked (the data callable is deferred)."""
    cols = st.columns(3)
    first = lambda: next(iter(make().values()))  # noqa: E731 - CSV holds the first table only
    cols[0].download_button(
        t("sources.csv", lang),
        data=lambda: exports.to_csv(first()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[1].download_button(
        t("sources.csv_fi", lang),
        data=lambda: exports.to_csv(first(), finnish=True),
        file_name=f"{stem}_fi.csv",
        mime="text/csv",
        key=f"{key}_csvfi",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[2].download_button(
        t("sources.excel", lang),
        data=lambda: exports.to_excel(make(), sources()),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
