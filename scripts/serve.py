"""Start the app server: `streamlit run app.py` with two fixes for deep links.

app.py routes with st.navigation, but because the page files live in a folder named pages/, Streamlit treats
the process's very first run as an old-style multipage app and runs a linked page (say /compare) without
app.py: no sidebar, no URL state. Marking the pages folder as not used before the server starts avoids that.
A link one part deeper than a page (/compare/x) opens the page (foresight/ui/deep_links.py).
"""

import importlib
import logging
import sys
import threading
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

PagesManager.uses_pages_directory = False
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


WARM_THREAD = "warm-caches"
# Imported by the pages on their first run (chart builders, the projection view, pandas' table styling).
WARM_IMPORTS = (
    "foresight.charts",
    "foresight.charts_projection",
    "foresight.charts_scorecard",
    "foresight.projection.view",
    "foresight.report",
    "foresight.situation",
    "pandas.io.formats.style",
)


class _QuietWarmUp(logging.Filter):
    """Drop Streamlit's 'missing ScriptRunContext' warnings from the warm-up thread (it runs no script)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != WARM_THREAD


def warm_caches() -> None:
    """Fill the app's shared caches in the background, so the first visitor does not wait for them.

    The same cache_resource functions the pages call (foresight/ui/loaders.py, projection_cache.py), so a
    page arriving meanwhile waits for the entry being filled instead of computing it twice: the snapshot,
    the similar-municipality features, population's projection with its official reference and track
    record (the trends page opens on population); then the modules the pages import on their first run.
    Other indicators are projected when a page first asks for one (tens of milliseconds each with the
    backtest store on disk), not here: on two cores a loop over all of them slowed the first visitors'
    runs. A missing snapshot is reported by the app itself.
    """
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_QuietWarmUp())
    try:
        from foresight.ui import loaders, projection_cache

        loaders.snapshot()
        loaders.register()
        loaders.catalogue()
        loaders.features()
        projection_cache.results()["population"]
        projection_cache.official_totals()
        projection_cache.track_records()
        for module in WARM_IMPORTS:
            importlib.import_module(module)
        import plotly.graph_objects as go

        go.Figure(go.Scatter(x=[0], y=[0])).to_json()  # plotly builds its validators on the first figure
    except Exception:  # noqa: BLE001 - warming is best effort; the pages compute on demand
        pass


from foresight.ui import deep_links  # noqa: E402 - after ROOT is on the path

deep_links.install()  # a link one part too deep (/trends/x) opens its page instead of a blank one
threading.Thread(target=warm_caches, name=WARM_THREAD, daemon=True).start()
sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
sys.exit(cli.main())
