"""Cached access to the snapshot and derived read-only objects, shared by every session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from foresight import peers
from foresight.snapshot import Snapshot, load_snapshot, snapshot_dir


@st.cache_resource(show_spinner=False)
def _snapshot(folder: str) -> Snapshot:
    # cache_resource, not cache_data: the tables are large and read-only, so copying them per rerun would cost.
    return load_snapshot(Path(folder))


def snapshot() -> Snapshot:
    """The snapshot (raises SnapshotError naming the build command when it is missing or broken)."""
    return _snapshot(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _features(folder: str) -> pd.DataFrame:
    snap = snapshot()
    return peers.features(snap.municipalities, snap.observations)


def features() -> pd.DataFrame:
    """Structural features for the similar-municipality search."""
    return _features(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _by_indicator(folder: str) -> dict[str, pd.DataFrame]:
    obs = snapshot().observations
    return {str(k): v for k, v in obs.groupby("indicator", sort=False)}


def indicator_frame(indicator: str) -> pd.DataFrame:
    """Observations of one indicator (a cheap lookup instead of filtering 230 000 rows per rerun)."""
    return _by_indicator(str(snapshot_dir())).get(indicator, snapshot().observations.iloc[:0])


@st.cache_resource(show_spinner=False)
def _register(folder: str) -> pd.DataFrame:
    return snapshot().municipalities.set_index("code")


def register() -> pd.DataFrame:
    """The municipality register indexed by code."""
    return _register(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _catalogue(folder: str) -> pd.DataFrame:
    return snapshot().indicators.set_index("id", drop=False)


def catalogue() -> pd.DataFrame:
    """The indicator catalogue indexed by id."""
    return _catalogue(str(snapshot_dir()))
