"""The proxy stack for the tests in this folder: nginx (scripts/proxy.sh) in front of two app processes on one
PostgreSQL database. Skipped only when nginx or PostgreSQL cannot be installed here (not root, no apt);
scripts/test.sh installs both first, so in CI these tests run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.proxy.stack import Stack, Unavailable, proxy_stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    try:
        with proxy_stack(tmp_path_factory.mktemp("proxy")) as running:
            yield running
    except Unavailable as err:
        pytest.skip(str(err))
