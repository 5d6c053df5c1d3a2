"""Start the app server: `streamlit run app.py` with one fix for deep links.

app.py routes with st.navigation, but because the page files live in a folder named pages/, Streamlit treats
the process's very first run as an old-style multipage app and runs a linked page (say /compare) without
app.py: no sidebar, no URL state. Marking the pages folder as not used before the server starts avoids that.
"""

import sys
import threading
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

PagesManager.uses_pages_directory = False
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def warm_projections() -> None:
    """Project the whole snapshot once in the background, so the first visitor of the trends page does not wait.

    The projection engine caches per process; a missing snapshot is reported by the app itself.
    """
    try:
        from foresight import projection

        projection.project_snapshot(2040)
    except Exception:  # noqa: BLE001 - warming is best effort; the page computes on demand
        pass


threading.Thread(target=warm_projections, name="warm-projections", daemon=True).start()
sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
sys.exit(cli.main())
