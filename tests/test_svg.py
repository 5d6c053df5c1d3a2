"""The report's SVG charts."""

import re
import xml.etree.ElementTree as ET

from foresight import svg


def test_range_strip_places_the_dot_by_value():
    out = svg.range_strip(10.0, 0.0, 2.5, 5.0, 7.5, 10.0, verdict="better", width=216)
    ET.fromstring(out)  # well-formed
    cx = float(re.search(r'circle cx="([\d.]+)"', out).group(1))
    assert cx == 208.0  # right end: 8 px padding
    assert svg.VERDICT_COLOURS["better"] in out


def test_range_strip_value_outside_peers_widens_the_scale():
    out = svg.range_strip(-10.0, 0.0, 1.0, 2.0, 3.0, 4.0, width=216)
    assert float(re.search(r'circle cx="([\d.]+)"', out).group(1)) == 8.0


def test_line_chart_escapes_labels_and_draws_band():
    out = svg.line_chart(
        [2000, 2001], [1.0, 2.0], band=([2000, 2001], [0.5, 1.0], [1.5, 3.0]), label="<b>x</b>"
    )
    ET.fromstring(out)
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "<polygon" in out and "<polyline" in out
    assert svg.line_chart([], []) == ""
