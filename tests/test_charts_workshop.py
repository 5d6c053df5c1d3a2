"""Workshop figures: a typo stays off the guess histogram's axis; scenario dots carry their numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight import charts_workshop
from foresight.workshop import guess

TITLES = {"x": "as.", "y": "Vastaajia", "median": "Ryhmän mediaani", "revealed": "Ennuste"}


def test_histogram_axis_leaves_the_typo_off():
    values = pd.Series([125.0, 127_000.0, 130_000.0])  # the review's room: "125" meant thousands
    axis = guess.axis_range(values.tolist(), 129_095)
    assert axis is not None
    fig = charts_workshop.guess_histogram(
        values, "fi", TITLES, revealed=129_095, interval=(126_555, 131_634), x_range=(axis.low, axis.high)
    )
    [bars] = [tr for tr in fig.data if tr.type == "histogram"]
    assert sorted(bars.x) == [127_000.0, 130_000.0]  # 125 is not binned, so it cannot stretch the axis
    low, high = fig.layout.xaxis.range
    assert 126_000 < low < 127_000 and 130_000 < high < 131_000
    # the median of 125, 127 000, 130 000 is 127 000 (on the axis): both labels present, apart
    notes = {a.text: a for a in fig.layout.annotations}
    assert notes["Ryhmän mediaani"].y != notes["Ennuste"].y


def test_scenario_dots_with_numbers_and_both_reference_lines():
    fig = charts_workshop.scenario_bars(
        ["Muuttoliike −2,0 ‰", "Syntyvyys +10 %"],
        [131_552.0, 134_100.0],
        "fi",
        reference=132_917.0,
        reference_label="Tilastokeskuksen ennuste (2024)",
        actual=126_572.0,
        actual_label="Asukkaita 2025",
    )
    [dots] = fig.data
    assert dots.mode == "markers+text" and list(dots.text) == ["131\u00a0552", "134\u00a0100"]
    texts = [a.text for a in fig.layout.annotations]
    assert "Tilastokeskuksen ennuste (2024) 132\u00a0917" in texts and "Asukkaita 2025 126\u00a0572" in texts
    low, high = fig.layout.xaxis.range
    assert low < 126_572 and high > 134_100  # every value and both lines inside the axis
    anchors = {a.text.split(" ")[0]: a.xanchor for a in fig.layout.annotations}
    assert anchors["Tilastokeskuksen"] == "right" and anchors["Asukkaita"] == "left"  # labels grow inwards


def test_scenario_numbers_beside_their_dots_on_the_wall():
    """On the wall a scenario's number stands right of its dot (one line a row, so 12 rows fit 720 px), with
    room on the right for the largest one's number; on a phone it stays above the dot."""
    args = (["A", "B"], [130_000.0, 136_000.0], "fi")
    kwargs = dict(reference=133_000.0, reference_label="Ennuste", actual=None, actual_label="")
    wall = charts_workshop.scenario_bars(*args, big=True, **kwargs)  # type: ignore[arg-type]
    phone = charts_workshop.scenario_bars(*args, **kwargs)  # type: ignore[arg-type]
    assert wall.data[0].textposition == "middle right" and phone.data[0].textposition == "top center"
    # span 6 000, pad 12 % = 720: the phone's axis ends at 136 720, the wall's at 137 440
    assert phone.layout.xaxis.range[1] == pytest.approx(136_720) and wall.layout.xaxis.range[
        1
    ] == pytest.approx(137_440)


@pytest.mark.parametrize(
    ("x", "y", "where"),
    [
        (0.95, 0.6, "bottom left"),
        (0.05, 0.2, "top right"),
        (0.5, 0.5, "bottom center"),
        (0.76, 0.49, "top left"),
    ],
)
def test_2x2_names_grow_away_from_the_nearer_edges(x: float, y: float, where: str) -> None:
    assert charts_workshop.label_position(x, y) == where


def test_2x2_names_at_one_height_go_to_either_side_of_their_points():
    # Väestökehitys at (0.20, 0.77) and Johtaminen ja osallisuus at (0.76, 0.72) on the wall (670 × 222 px a
    # unit, 26 px text at 13.5 px a letter, 13.5 px from a point): the first below right of its point spans
    # x 165–360, y 63–99 px; the second's own place, below left, would span x 189–518 at y 74–110 (over the
    # first), so it goes below its point centred, x 364–694 (the drawing is 710 px wide); a third far below
    # keeps its place above its point
    points = [(0.20, 0.77), (0.76, 0.72), (0.5, 0.1)]
    assert charts_workshop.label_positions(points, [14, 24, 9]) == [
        "bottom right",
        "bottom center",
        "top center",
    ]
    # names far apart across keep their side; near the bottom edge a name never goes below its point
    assert charts_workshop.label_positions([(0.1, 0.77), (0.9, 0.72)], [5, 5]) == [
        "bottom right",
        "bottom left",
    ]
    assert charts_workshop.label_positions([(0.57, 0.08), (0.07, 0.1)], [14, 11]) == [
        "top center",
        "top right",
    ]


def test_a_2x2_name_box_holds_what_chromium_draws():
    """Measured in Chromium (plotly.js, Source Sans 26 px, a 20 px marker, 'Väestökehitys' 161.9 px wide): a
    name above its point ends 14.0 px above it, one below starts 9.0 px below it, one beside it spans 17.5 px
    above to 12.5 px below; beside it, 13.5 px from the point. The model's box holds each, with little to
    spare."""
    space = charts_workshop.LabelSpace(across=1000, down=800, font=26, radius=10)
    x0, y0 = 0.5, 0.5
    px, py = (x0 + 0.03) * 1000, (1.03 - y0) * 800
    measured = {  # (left, top, right, bottom) from the point, px
        "top left": (-175.4, -44.0, -13.5, -14.0),
        "top center": (-80.9, -44.0, 80.9, -14.0),
        "bottom right": (13.5, 9.0, 175.4, 39.0),
        "middle left": (-175.4, -17.5, -13.5, 12.5),
        "middle right": (13.5, -17.5, 175.4, 12.5),
    }
    for where, (left, top, right, bottom) in measured.items():
        box = charts_workshop.label_box(x0, y0, where, 13, 1, space)
        rel = (box[0] - px, box[1] - py, box[2] - px, box[3] - py)
        assert rel[0] <= left and rel[1] <= top and rel[2] >= right and rel[3] >= bottom, (where, rel)
        # to spare: under 0.3 of a font size on each side, and under 0.05 of one a letter across
        assert (rel[2] - rel[0]) - (right - left) < 0.6 * 26 + 13 * 0.05 * 26, (where, rel)
        assert (rel[3] - rel[1]) - (bottom - top) < 0.6 * 26, (where, rel)
    # two lines: 63.8 px tall in Chromium, above the point from 77.8 px to 14.0 px
    two = charts_workshop.label_box(x0, y0, "top center", 13, 2, space)
    assert two[1] - py <= -77.8 and two[3] - py >= -14.0


def test_crowded_2x2_names_stand_clear_of_each_other_and_of_the_points():
    # the room of twelve on the wall test (tests/e2e/test_workshop_wall_steps_e2e.py): six theme means, Swedish
    points = [(0.196, 0.772), (0.573, 0.071), (0.348, 0.400), (0.067, 0.096), (0.768, 0.715), (0.944, 0.440)]
    names = ["Livskraft", "Befolkningsutveckling", "Välfärd", "Kommunekonomi", "Ledarskap och delaktighet"]
    names.append("Hållbar utveckling")
    space = charts_workshop.WALL_SPACE
    where = charts_workshop.label_positions(points, [len(n) for n in names], None, space)
    boxes = [
        charts_workshop.label_box(x, y, w, len(n), 1, space)
        for (x, y), w, n in zip(points, where, names, strict=True)
    ]
    for n, a in enumerate(boxes):
        assert a[0] >= -3 and a[1] >= -3 and a[2] <= 1.06 * space.across + 3 and a[3] <= 1.06 * space.down + 3
        for b in boxes[n + 1 :]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (a, b)
        for m, (x, y) in enumerate(points):  # no name over another item's point
            mx, my = (x + 0.03) * space.across, (1.03 - y) * space.down
            assert m == n or not (a[0] < mx < a[2] and a[1] < my < a[3]), (names[n], names[m])


def _forecast_2030() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2030],
            "mean": [129_000.0],
            "lower_80": [126_000.0],
            "upper_80": [132_000.0],
            "lower_95": [124_000.0],
            "upper_95": [134_000.0],
        }
    )


def test_projection_axis_ignores_a_typo_in_the_median_and_marks_it_at_the_edge():
    # the review's room: 125 000 and a typo 1 250 000 → median 687 500
    history = pd.Series([120_000.0, 126_000.0], index=[2020, 2024])
    fig = charts_workshop.projection_chart(
        history,
        _forecast_2030(),
        "Kunta",
        "fi",
        "as.",
        guesses_median=687_500.0,
        guess_year=2030,
        guess_label="Ryhmän mediaani",
        reference=(2030, 132_917.0, "Tilastokeskus 2024"),
    )
    # by hand: history, both bands and the official figure span 120 000 … 134 000; 8 % of 14 000 is 1 120
    low, high = fig.layout.yaxis.range
    assert low == pytest.approx(118_880) and high == pytest.approx(135_120)
    [median] = [tr for tr in fig.data if tr.customdata is not None and tr.customdata[0] == 687_500.0]
    assert median.y[0] == pytest.approx(135_120)  # at the top edge, pointing up, its value written out
    assert median.marker.symbol == "triangle-up"
    assert median.text[0] == "Ryhmän mediaani 687\u00a0500 ↑"


def test_projection_median_on_the_axis_stays_where_it_is():
    history = pd.Series([120_000.0, 126_000.0], index=[2020, 2024])
    fig = charts_workshop.projection_chart(
        history,
        _forecast_2030(),
        "Kunta",
        "fi",
        "as.",
        guesses_median=125_000.0,
        guess_year=2030,
        guess_label="Ryhmän mediaani",
    )
    # by hand: without the official figure still 120 000 … 134 000
    assert list(fig.layout.yaxis.range) == pytest.approx([118_880, 135_120])
    [median] = [tr for tr in fig.data if tr.customdata is not None]
    assert median.y[0] == 125_000.0 and median.text[0] == "Ryhmän mediaani"


def test_value_range_by_hand():
    assert charts_workshop.value_range([10.0, 20.0, None, float("nan")]) == pytest.approx((9.2, 20.8))
    assert charts_workshop.value_range([50.0]) == pytest.approx((49.0, 51.0))  # ±2 %
    assert charts_workshop.value_range([]) is None
    assert charts_workshop.off_range(5.0, (0.0, 4.0)) == 1 and charts_workshop.off_range(-1, (0.0, 4.0)) == -1


def test_revealed_histogram_leaves_the_typo_off_and_names_it_at_the_edge():
    values = pd.Series([125_000.0, 1_250_000.0])
    # by hand: 1 250 000 is beyond 3 × 129 000 = 387 000, so the axis is 125 000 … 132 000 (the band's top)
    # padded by 5 % of 7 000 = 350
    axis = guess.axis_range(values.tolist(), 129_000, (126_000, 132_000))
    assert axis is not None and (axis.low, axis.high) == pytest.approx((124_650, 132_350))
    assert (axis.below, axis.above) == (0, 1)
    fig = charts_workshop.guess_histogram(
        values, "fi", TITLES, revealed=129_000, interval=(126_000, 132_000), x_range=(axis.low, axis.high)
    )
    [bars] = [tr for tr in fig.data if tr.type == "histogram"]
    assert list(bars.x) == [125_000.0]
    assert "1\u00a0250\u00a0000 →" in [a.text for a in fig.layout.annotations]


def test_items_at_one_point_share_one_label_one_name_a_line():
    # the review's wall: three items tapped into the same box by everyone → identical means
    means = pd.DataFrame(
        {
            "item": ["sustainability", "finances", "population", "vitality"],
            "impact": [0.75, 0.75, 0.78, 0.25],
            "uncertainty": [0.75, 0.75, 0.70, 0.25],
            "n": [3, 3, 3, 3],
        }
    )
    labels = {
        "sustainability": "Kestävä kehitys",
        "finances": "Kuntatalous",
        "population": "Väestökehitys",
        "vitality": "Elinvoima",
    }
    quadrants = {"critical": "K", "trends": "T", "watch": "S", "minor": "V"}
    fig = charts_workshop.matrix_scatter(means, None, labels, "fi", ("Vaikutus", "Epävarmuus"), quadrants)
    [names] = [tr for tr in fig.data if tr.mode == "markers+text"]
    # 0.78 and 0.70 are within 0.08 of (0.75, 0.75): one group of three; (0.25, 0.25) alone
    assert list(names.text) == ["Kestävä kehitys<br>Kuntatalous<br>Väestökehitys", "Elinvoima"]
    assert list(names.textposition) == ["bottom center", "top center"]  # away from the nearer edge
    assert charts_workshop.label_groups([0.0, 0.09, 0.05], [0.0, 0.0, 0.0]) == [[0, 2], [1]]


def test_names_that_cannot_stand_clear_make_the_2x2_numbered():
    # Three points in a row at (0.3, 0.5), (0.5, 0.5), (0.7, 0.5) on the wall (670 px a unit: 134 px apart) with
    # 28-letter names (28 × 0.52 × 26 ≈ 379 px each, the drawing 710 px wide): above and below their points
    # there is room for one such name a row, and a name beside a point covers its neighbour's point or leaves
    # the drawing, so the third name has no clear place (worked by hand, not by the placer).
    row = [(0.3, 0.5), (0.5, 0.5), (0.7, 0.5)]
    assert charts_workshop.names_clash(row, [28, 28, 28])
    # the same points with 3-letter names, and two short names far apart, stand clear
    assert not charts_workshop.names_clash(row, [3, 3, 3])
    assert not charts_workshop.names_clash([(0.2, 0.8), (0.8, 0.2)], [5, 5])
    # A 379 px name at (0.5, 0.5) between four points 67 px to either side and 22 px above and below: above,
    # below or beside its point it spans one of theirs. A short name placed after it, far off, is clear: the
    # clash is still said (every name counts, not the last one placed).
    ring = [(0.5, 0.5), (0.4, 0.6), (0.6, 0.6), (0.4, 0.4), (0.6, 0.4), (0.05, 0.95)]
    assert charts_workshop.names_clash(ring, [28, 1, 1, 1, 1, 1])
    means = pd.DataFrame({"item": ["b", "a", "c"], "impact": [0.3, 0.5, 0.7], "uncertainty": [0.5] * 3})
    long = {"c": "C" * 28, "a": "A" * 28, "b": "B" * 28}  # the step's order: c, a, b
    assert charts_workshop.matrix_numbers(means, long, big=True) == {"c": 1, "a": 2, "b": 3}
    assert charts_workshop.matrix_numbers(means, {"c": "C", "a": "A", "b": "B"}, big=True) == {}
    quadrants = {"critical": "K", "trends": "T", "watch": "S", "minor": "V"}
    numbers = {"c": 1, "a": 2, "b": 3}
    fig = charts_workshop.matrix_scatter(
        means, None, long, "fi", ("x", "y"), quadrants, big=True, numbers=numbers
    )
    [named] = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert list(named.text) == ["3", "2", "1"]  # b, a, c as the frame has them: numbers, not names
    [means_trace] = [tr for tr in fig.data if tr.mode == "markers" and tr.text is not None]
    assert list(means_trace.text) == ["3 " + "B" * 28, "2 " + "A" * 28, "1 " + "C" * 28]  # the names on hover
    # two items at one point share one line of numbers
    both = pd.DataFrame({"item": ["a", "c"], "impact": [0.5, 0.52], "uncertainty": [0.5, 0.5]})
    fig = charts_workshop.matrix_scatter(both, None, long, "fi", ("x", "y"), quadrants, numbers=numbers)
    assert [list(tr.text) for tr in fig.data if tr.mode == "markers+text"] == [["2, 1"]]


def test_the_2x2_numbers_names_by_the_drawing_the_wall_measured():
    # One point at (0.5, 0.5) with a 60-letter name: 60 × 0.52 × 26 = 811 px, 816 with its padding (worked by
    # hand). The 1280×720 model's drawing is 1.06 × 670 = 710 px wide, so the name leaves it wherever it goes:
    # numbered. A wall whose plot area measured 1100 × 400 px has 1100 / 1.06 × 0.99 = 1027 px a unit, a
    # drawing 1089 px wide, and the name centred above or below its point (545 ± 408 px) stands inside it.
    means = pd.DataFrame({"item": ["a"], "impact": [0.5], "uncertainty": [0.5]})
    long = {"a": "A" * 60}
    assert charts_workshop.matrix_numbers(means, long, big=True) == {"a": 1}
    wide = charts_workshop.measured_space([1100, 400])
    assert wide.across == pytest.approx(1027.36, abs=0.01) and wide.down == pytest.approx(373.58, abs=0.01)
    assert (wide.font, wide.radius) == (charts_workshop.WALL_SPACE.font, charts_workshop.WALL_SPACE.radius)
    assert charts_workshop.matrix_numbers(means, long, big=True, space=wide) == {}
    fig = charts_workshop.matrix_scatter(
        means,
        None,
        long,
        "fi",
        ("x", "y"),
        {"critical": "K", "trends": "T", "watch": "S", "minor": "V"},
        big=True,
        space=wide,
    )
    [named] = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert named.textposition[0].endswith("center")  # beside its point it would leave the drawing
    # A smaller screen gets numbers sooner: a 40-letter name (546 px) fits the model's 710 px drawing centred
    # on (0.5, 0.5), not a measured 500 px plot area (taken as 500 × 0.99 = 495 px).
    forty = {"a": "A" * 40}
    assert charts_workshop.matrix_numbers(means, forty, big=True) == {}
    small = charts_workshop.measured_space([500, 200])
    assert charts_workshop.matrix_numbers(means, forty, big=True, space=small) == {"a": 1}


@pytest.mark.parametrize(
    "sent",
    [
        None,
        [],
        [1100],
        [1100, 400, 3],
        ["x", 400],
        [float("nan"), 400],
        [1e9, 400],
        [4001, 400],
        [1100, 1e9],
        [1100, 3001],
        [1100, 119],
        [1100, -5],
        [150, 400],
        "1100x400",
        {"size": [1100, 400]},
        [None, 400],
    ],
)
def test_a_drawing_size_not_believed_keeps_the_1280_model(sent: object) -> None:
    # what the browser sends is outside the server's control: anything but two believable px sizes is ignored
    assert charts_workshop.measured_space(sent) == charts_workshop.WALL_SPACE


def test_the_largest_and_smallest_believed_drawings_are_used() -> None:
    # 4000 × 3000 px and 200 × 120 px are the edges still believed: 4000 / 1.06 × 0.99 = 3735.85 px a unit
    big = charts_workshop.measured_space([4000, 3000])
    assert big.across == pytest.approx(3735.85, abs=0.01) and big.down == pytest.approx(2801.89, abs=0.01)
    small = charts_workshop.measured_space((200, 120))
    assert small.across == pytest.approx(186.79, abs=0.01) and small.down == pytest.approx(112.08, abs=0.01)


def test_items_listed_per_quadrant():
    from foresight.workshop import voting

    lists = voting.by_quadrant([("a", 0.25, 0.25), ("b", 0.9, 0.6), ("c", 0.75, 0.75), ("d", 0.5, 0.4)])
    # b (0.9) before c (0.75) in the top right; d on the impact line counts as high impact, low uncertainty
    assert lists == {"critical": ["b", "c"], "trends": ["d"], "watch": [], "minor": ["a"]}


def test_wall_legend_is_set_large_not_left_to_the_theme():
    lines = pd.DataFrame(
        {
            "scenario": ["baseline", "baseline", "x", "x"],
            "year": [2025, 2030] * 2,
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    fig = charts_workshop.scenario_lines(lines, {}, "fi", "as.", big=True)
    assert fig.layout.legend.font.size >= 20  # Streamlit's theme would draw an unset legend at 12.75 px


def test_2x2_places_an_unlabelled_item_by_the_id_it_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    # An item missing from labels is drawn by its id; the placer must size that id, not an empty name, or a
    # long id is placed as if it took no room.
    seen: list[list[int]] = []
    real = charts_workshop.label_positions

    def spy(points, lengths, lines=None, space=charts_workshop.WALL_SPACE):  # type: ignore[no-untyped-def]
        seen.append(list(lengths))
        return real(points, lengths, lines, space)

    monkeypatch.setattr(charts_workshop, "label_positions", spy)
    means = pd.DataFrame(
        {"item": ["theme_without_a_label", "b"], "impact": [0.2, 0.8], "uncertainty": [0.2, 0.8]}
    )
    quadrants = {"critical": "K", "trends": "T", "watch": "S", "minor": "V"}
    fig = charts_workshop.matrix_scatter(means, None, {"b": "Bee"}, "fi", ("x", "y"), quadrants)
    [named] = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert list(named.text) == ["theme_without_a_label", "Bee"]
    assert seen == [[21, 3]]  # len("theme_without_a_label") == 21
