"""Size classes by the network's thresholds."""

import pandas as pd

from foresight.build.register import size_class


def test_size_class_thresholds():
    pop = pd.Series([100, 8_999, 9_000, 45_000, 45_001, 664_028])
    assert size_class(pop).tolist() == ["small", "small", "medium", "medium", "large", "large"]
