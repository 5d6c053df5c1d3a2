"""The report's SVG charts."""

import base64
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


def test_as_image_carries_the_svg_unchanged_in_a_data_uri() -> None:
    markup = '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="26"><circle r="6"/></svg>'
    out = svg.as_image(markup)
    match = re.fullmatch(
        r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" width="220" height="26" alt="">', out
    )
    assert match is not None
    assert base64.b64decode(match.group(1)).decode("utf-8") == markup
    assert svg.as_image("") == ""
