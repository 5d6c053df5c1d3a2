"""The size of a chart's drawing as the browser shows it, for the 2×2's names (charts_workshop.measured_space).

The server does not know the screen: a 1920×1080 wall draws the 2×2 half as wide again as the 1280×720 one its
name placer models, so without this it numbered names that would have stood clear. A small component with no
visible part reads the plot area of the chart in a keyed container and sends its size (in whole px) when it
changes; the page then draws once more with the measured size. Until it has, and where JavaScript does not
run (streamlit.testing), the 1280×720 model stands.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# Plotly's plot area (the drag layer spans exactly the axes' ranges). It sends only what the server does not
# know yet: `known` is the size the page was drawn with, so a page drawn to the measured size sends nothing.
_JS = """
export default function ({ data, parentElement, setStateValue }) {
  // nothing to see: not even the gap Streamlit leaves around an element (the wall's CSS hides it sooner)
  const holder = (parentElement.host || parentElement).closest("[data-testid=stElementContainer]");
  if (holder) holder.style.display = "none";
  const known = JSON.stringify(data.known);
  let sent = known;
  const measure = () => {
    const area = document.querySelector(`.st-key-${CSS.escape(data.container)} .nsewdrag`);
    const box = area ? area.getBoundingClientRect() : null;
    if (!box || !(box.width > 0 && box.height > 0)) return;
    const size = [Math.floor(box.width), Math.floor(box.height)];
    const now = JSON.stringify(size);
    if (now === known) {
      document.body.dataset.klDrawing = now;  // drawn to the measured size (the browser tests wait for it)
    } else if (now !== sent) {  // once per new size: the rerun it starts brings it back as `known`
      sent = now;
      delete document.body.dataset.klDrawing;
      setStateValue("size", size);
    }
  };
  // one timer per chart, whether Streamlit calls this again with new data or mounts it afresh
  const timers = (window.klDrawingTimers = window.klDrawingTimers || {});
  clearInterval(timers[data.container]);
  const timer = setInterval(measure, 1000);  // and again when the screen is resized
  timers[data.container] = timer;
  measure();
  return () => {
    clearInterval(timer);
    if (timers[data.container] === timer) delete timers[data.container];
  };
}
"""
_COMPONENT = st.components.v2.component("kuntaluotain.drawing_size", js=_JS)


def _ignore() -> None:
    """The new size is read from the session on the rerun the change starts."""


def measure(container: str, key: str) -> Any:
    """Mount the measuring component for the chart in st.container(key=container); return the size it last sent
    (a [width, height] list from the browser: parse it with charts_workshop.measured_space), or None."""
    known = st.session_state.get(key)  # the component's state: a dict once it has sent, else absent
    size = known.get("size") if isinstance(known, dict) else None
    _COMPONENT(key=key, data={"container": container, "known": size}, height=0, on_size_change=_ignore)
    return size
