"""Start the app server: `streamlit run app.py` with one fix for deep links.

app.py routes with st.navigation, but because the page files live in a folder named pages/, Streamlit treats
the process's very first run as an old-style multipage app and runs a linked page (say /compare) without
app.py: no sidebar, no URL state. Marking the pages folder as not used before the server starts avoids that.
"""

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

PagesManager.uses_pages_directory = False
ROOT = Path(__file__).resolve().parents[1]
sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
sys.exit(cli.main())
