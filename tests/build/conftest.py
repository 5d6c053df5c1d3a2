"""Shared fixtures of the build tests: the committed snapshot."""

import pytest

from foresight.snapshot import SNAPSHOT_DIR, load_snapshot


@pytest.fixture(scope="module")
def snap():
    return load_snapshot(SNAPSHOT_DIR)
