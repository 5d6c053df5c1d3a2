"""statsmodels' damped-trend ETS run with our fitted parameters: the reference the tests and benchmark check against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def statsmodels_damped(values: np.ndarray, params: Mapping[str, Any], row: int) -> Any:
    """ETSModel (additive, damped trend) smoothed with row `row` of our parameters and initial states.

    Returns statsmodels' results object; call `.get_prediction(start, end).summary_frame(alpha)` on it.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    model = ETSModel(
        pd.Series(values),  # a bare ndarray breaks get_prediction in statsmodels 0.15
        error="add",
        trend="add",
        damped_trend=True,
        initialization_method="known",
        initial_level=float(params["initial_level"][row]),
        initial_trend=float(params["initial_trend"][row]),
    )
    return model.smooth([float(params[k][row]) for k in ("alpha", "beta", "phi")])
