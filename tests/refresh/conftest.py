"""Fixtures for the refresh tests (the local API server lives in refresh_helpers.py)."""

from tests.refresh.refresh_helpers import api, snapshot_copy  # noqa: F401
