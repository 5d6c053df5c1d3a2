"""Every step of a workshop plan on a 1280×720 projector, with a room of twelve: each step's key content is on
the first screen (nobody scrolls the wall), nothing runs off its right edge, body text is at least 18 px, and
the screens pass axe (WCAG 2.1 AA). In Finnish and in Swedish.

All names, comments and answers here are test data typed by this test.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import SHOTS, free_port, start_server, wait_ready
from tests.e2e.test_workshop_e2e import _chart_boxes, _seen_whole

pytestmark = pytest.mark.e2e
SCREEN = {"width": 1280, "height": 720}
KINDS = [
    "overview",
    "indicator",
    "projection",
    "ranking",
    "matrix",
    "guess",
    "scenario",
    "comparison",
    "results",
]
NAMES = [
    "Aleksanteri Kärkkäinen-Hämäläinen",
    "Marjatta Väisänen-Räsänen",
    "Juha-Pekka Tikkanen",
    "Eeva-Liisa Heikkinen",
    "Tuomas Pöyhönen",
    "Hannele Korhonen-Miettinen",
    "Sirpa Ylönen",
    "Veli-Matti Rönkkö",
    "Anna-Kaisa Hyvärinen",
    "Kristiina Lappalainen",
    "Pertti Ruotsalainen",
    "Riikka Savolainen-Laitinen",
]
COMMENT = "Nuorten aikuisten poismuutto on suurin huolenaiheemme – tarvitsemme asuntopolitiikkaa, joka houkuttelee jäämään."
THEMES = ["finances", "vitality", "wellbeing", "population", "participation", "sustainability"]


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A server with its own store and a workshop of every step kind with twelve participants' answers."""
    from foresight.workshop import db, plan, service

    store = f"sqlite:///{tmp_path_factory.mktemp('wall_steps') / 'store.sqlite'}"
    port = free_port()
    proc = start_server(port, {"KUNTALUOTAIN_DB_URL": store})
    eng = db.make_engine(store)
    steps = plan.build_steps(KINDS, ["population"], presets=["low_carbon_wellbeing", "drifting"])
    created = service.create_workshop(eng, "Kuopio: strategia 2030", "297", "", steps)
    code, key, ws = created.join_code, created.facilitator_key, created.workshop
    for n, name in enumerate(NAMES):
        seat = service.join(eng, code, name)
        rnd = random.Random(n)
        order = THEMES[:]
        rnd.shuffle(order)
        service.submit(eng, seat.token, "ranking", "ranking", {"order": order}, f"rank-{n}")
        # each theme near its own box, spread by the person: means in all four boxes, two names at one height
        placements = {
            th: [
                min(1.0, max(0.0, i / 6 + rnd.uniform(-0.1, 0.25))),
                min(1.0, max(0.0, (i * 4 % 6) / 6 + rnd.uniform(-0.1, 0.25))),
            ]
            for i, th in enumerate(THEMES)
        }
        service.submit(eng, seat.token, "matrix", "matrix", {"placements": placements}, f"matrix-{n}")
        service.submit(eng, seat.token, "projection", "guess", {"value": 115_000 + 1_500 * n}, f"proj-{n}")
        service.submit(eng, seat.token, "guess", "guess", {"value": 117_000 + 1_200 * n}, f"guess-{n}")
        levers = {"net_migration_persons": 100 * (n - 5), "start_year": 2026}
        scenario = {
            "name": f"{name.split()[0]}: vetovoimainen yliopistokaupunki",
            "levers": levers,
            "comment": COMMENT,
        }
        service.submit(eng, seat.token, "scenario", "scenario", scenario, f"scen-{n}")
        service.submit(eng, seat.token, "results", "comment", {"comment": COMMENT}, f"note-{n}")
    yield {
        "base": f"http://127.0.0.1:{port}",
        "eng": eng,
        "code": code,
        "key": key,
        "id": ws.id,
        "steps": ws.steps,
    }
    proc.terminate()
    proc.wait(timeout=20)


def _show(page, room: dict[str, Any], lang: str, index: int, revealed: bool) -> None:  # type: ignore[no-untyped-def]
    """The facilitator moves to a step (and reveals it or not); the view-only wall is reloaded at the top."""
    from foresight.workshop import service

    step = room["steps"][index]
    service.go_to_step(room["eng"], room["id"], room["key"], index)
    if step["kind"] in ("ranking", "matrix", "projection", "guess", "scenario"):
        service.reveal(room["eng"], room["id"], room["key"], step["id"], revealed)
    page.goto(f"{room['base']}/present?ws={room['code']}&lang={lang}")
    wait_ready(page)
    page.get_by_text(
        re.compile(rf"^\S+ {index + 1}/{len(room['steps'])}$|· \S+ {index + 1}/{len(room['steps'])} ·")
    ).first.wait_for()
    if step["kind"] == "matrix" and revealed:
        # the wall measures its 2×2 and draws it once more for that size (foresight/ui/drawing_size.py)
        page.wait_for_function("() => document.body.dataset.klDrawing", timeout=15_000)
        wait_ready(page)
    if page.locator("[data-testid=stPlotlyChart]").count():
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
                  .every(e => e.getBoundingClientRect().height === 0 || e.querySelector('.main-svg'))"""
        )
        page.wait_for_timeout(400)  # the drawing's last resize
    page.evaluate("() => window.scrollTo(0, 0)")


def _bottoms(page, selector: str) -> list[float]:  # type: ignore[no-untyped-def]
    """The bottom edge (px from the top of the screen) of each visible element the selector finds."""
    return page.evaluate(  # type: ignore[no-any-return]
        """s => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect())
                .filter(r => r.height > 0).map(r => r.bottom)""",
        selector,
    )


def _on_screen(page, selector: str, at_least: int = 1) -> None:  # type: ignore[no-untyped-def]
    bottoms = _bottoms(page, selector)
    assert len(bottoms) >= at_least, (selector, bottoms)
    assert max(bottoms) <= SCREEN["height"], (selector, bottoms)


def _text_on_screen(page, pattern: str) -> None:  # type: ignore[no-untyped-def]
    """A text's element is on the first screen."""
    box = page.get_by_text(re.compile(pattern)).first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], (pattern, box)


def _charts_whole(page, count: int) -> None:  # type: ignore[no-untyped-def]
    boxes = _chart_boxes(page)
    assert len(boxes) == count, boxes
    assert all(_seen_whole(box, SCREEN) for box in boxes), boxes


def _readable(page) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Text under 18 px in the main area (icons aside), and how far the page runs past the right edge."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
          const main = document.querySelector('[data-testid=stMain]');
          const small = [...main.querySelectorAll('p, li, h1, h2, h3, h4, label, td, th, summary span')]
            .filter(e => e.getBoundingClientRect().height > 0 && e.innerText.trim()
                         && !getComputedStyle(e).fontFamily.includes('Material')  // an icon's ligature
                         // its own words, not only a child's (a metric's label holds a p of its own size)
                         && [...e.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
            .map(e => [parseFloat(getComputedStyle(e).fontSize), e.innerText.trim().slice(0, 40)])
            .filter(([px]) => px < 18);
          return {small, overflow: document.documentElement.scrollWidth - innerWidth,
                  right: Math.max(...[...main.querySelectorAll('p, h1, h2, h3, h4, img, .main-svg')]
                    .map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.right))};
        }"""
    )


@pytest.mark.parametrize(
    ("lang", "steering"), [("fi", False), ("sv", True)], ids=["fi_view_only", "sv_facilitator"]
)
def test_every_wall_step_fits_a_1280x720_projector(
    room: dict[str, Any], browser, lang: str, steering: bool
) -> None:  # type: ignore[no-untyped-def]
    """A second screen that only follows (Finnish), and the facilitator's own wall with its row of buttons
    (Swedish: the longest button words)."""
    from foresight.i18n import t
    from tests.e2e.axe import BLOCKING, run_axe, summary

    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(30_000)
    if steering:  # this browser takes the facilitator's seat with the key (a cookie, as after creating it)
        page.goto(f"{room['base']}/workshop?lang={lang}")
        wait_ready(page)
        page.get_by_role("tab", name=t("workshop.reopen.heading", lang)).click()
        page.locator(".st-key-workshop_reopen_code input").fill(room["code"])
        page.locator(".st-key-workshop_reopen_key input").fill(room["key"])
        page.get_by_role("button", name=t("workshop.reopen.submit", lang)).click()
        page.get_by_role("button", name=t("workshop.step.next_step", lang)).first.wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    checked = []
    for index, step in enumerate(room["steps"]):
        kind = step["kind"]
        for revealed in (
            (False, True) if kind in ("ranking", "matrix", "projection", "guess", "scenario") else (False,)
        ):
            _show(page, room, lang, index, revealed)
            name = f"{kind}{'_revealed' if revealed else ''}"
            page.screenshot(path=str(SHOTS / f"workshop_wall_steps_{lang}_{name}.png"))
            _on_screen(page, "h1")  # the step's title
            _on_screen(page, "[data-testid=stImage] img")  # the QR code to join
            if steering:  # the facilitator's buttons, in one row above the step
                _on_screen(page, ".st-key-kl_present_nav button", at_least=2)
            if kind == "overview":
                _on_screen(page, "[data-testid=stMetricValue]", at_least=6)  # all six headline figures
                _on_screen(page, "[class*=st-key-kl_stale] p")  # and the old-data note beside one
            elif kind == "indicator":
                _charts_whole(page, 1)
                _text_on_screen(page, r"126\s572")  # the latest value
            elif kind in ("projection", "guess") and not revealed:
                _charts_whole(page, 1)
                _text_on_screen(page, r"\b12\b")  # the room's count of answers, as it grows
            elif kind in ("projection", "guess"):
                _charts_whole(page, 2 if kind == "projection" else 1)
            elif kind == "ranking" and revealed:
                _charts_whole(page, 1)
                _text_on_screen(page, r"^12 ")  # 12 vastaajaa / 12 svarande
            elif kind == "matrix" and revealed:
                _charts_whole(page, 1)
                _on_screen(page, ".st-key-kl_matrix_lists p", at_least=3)  # the boxes in words, and the count
            elif kind == "scenario" and revealed:
                _charts_whole(page, 1)
                # every scenario's number beside its dot, and both named lines above them, inside the drawing
                texts = page.evaluate(
                    """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .main-svg text')]
                          .map(t => [t.textContent, t.getBoundingClientRect().top, t.getBoundingClientRect().right])"""
                )
                numbers = [tx for tx in texts if re.fullmatch(r"1\d\d\s\d{3}", tx[0])]
                assert len(numbers) >= 12 and all(
                    top >= 0 and right <= SCREEN["width"] for _, top, right in texts
                ), texts
                svg = page.locator("[data-testid=stPlotlyChart] .main-svg").first.bounding_box()
                assert svg is not None and all(top >= svg["y"] for _, top, _ in texts), (svg, texts)
            elif kind == "comparison":
                _charts_whole(page, 1)
            elif kind == "results":
                _on_screen(page, "[class*=st-key-kl_summary]", at_least=5)  # a card per revealed step
            seen = _readable(page)
            assert not seen["small"], (name, seen["small"])
            assert seen["overflow"] <= 0 and seen["right"] <= SCREEN["width"], (name, seen)
            if kind in ("overview", "indicator", "matrix", "scenario", "results") and (
                revealed or kind in ("overview", "indicator", "results")
            ):
                blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]
                assert not blocking, (name, summary(blocking))
            checked.append(name)
    assert len(checked) == 14, checked
    context.close()


def _chart_texts(page) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every drawn text of the wall's chart (item names, box names, axis names and numbers) with its box."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .main-svg text')]
              .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
              .map(t => { const r = t.getBoundingClientRect();
                          return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""
    )


def _overlaps(texts: list[dict[str, Any]], slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than `slack` px both across and down."""
    return [
        (a["text"], b["text"])
        for n, a in enumerate(texts)
        for b in texts[n + 1 :]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    ]


@pytest.mark.parametrize("screen", [SCREEN, {"width": 1920, "height": 1080}], ids=["1280", "1920"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_revealed_2x2_prints_no_text_over_another(
    room: dict[str, Any], browser, lang: str, screen: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    """On the wall's revealed 2×2 no name prints over another: the items' names, the four boxes' names and the
    axes' names each stand clear, inside the drawing (measured on the drawn text's boxes)."""
    from foresight.i18n import t

    context = browser.new_context(viewport=screen)
    page = context.new_page()
    page.set_default_timeout(30_000)
    index = next(n for n, s in enumerate(room["steps"]) if s["kind"] == "matrix")
    _show(page, room, lang, index, True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"workshop_wall_matrix_{lang}_{screen['width']}.png"))
    texts = _chart_texts(page)
    words = " ".join(tx["text"] for tx in texts)
    for box in ("critical", "trends", "watch", "minor"):  # all four box names are drawn
        assert t(f"workshop.matrix.quadrant.{box}", lang) in words, words
    assert t(f"theme.{THEMES[0]}", lang) in words, words
    assert not _overlaps(texts), (_overlaps(texts), texts)
    svg = page.locator("[data-testid=stPlotlyChart] .main-svg").first.bounding_box()
    assert svg is not None
    assert all(
        tx["left"] >= svg["x"] - 1
        and tx["right"] <= svg["x"] + svg["width"] + 1
        and tx["top"] >= svg["y"] - 1
        and tx["bottom"] <= svg["y"] + svg["height"] + 1
        for tx in texts
    ), (svg, texts)
    context.close()


def _crowded_2x2(room: dict[str, Any], title: str, points: list[list[float]]) -> str:
    """A workshop of one revealed 2×2 where three participants placed the six themes at `points`; its code."""
    from foresight.workshop import plan, service

    eng = room["eng"]
    created = service.create_workshop(eng, title, "297", "", plan.build_steps(["matrix"]))
    for n in range(3):
        seat = service.join(eng, created.join_code, f"Testi {n}")
        placements = dict(zip(THEMES, points, strict=True))
        service.submit(eng, seat.token, "matrix", "matrix", {"placements": placements}, f"crowded-{n}")
    service.reveal(eng, created.workshop.id, created.facilitator_key, "matrix", True)
    return created.join_code


def _check_named_or_numbered(page, numbered: bool, shot_name: str) -> None:  # type: ignore[no-untyped-def]
    """Once the page has drawn its 2×2 for the size it measured: numbers with the numbered list, or the six
    themes' names with no text over another."""
    from foresight.i18n import t

    page.wait_for_function("() => document.body.dataset.klDrawing", timeout=15_000)
    wait_ready(page)
    page.wait_for_timeout(400)  # the drawing's last resize
    page.screenshot(path=str(SHOTS / f"{shot_name}.png"), full_page=True)
    names = [t(f"theme.{theme}", "fi") for theme in THEMES]
    drawn = [tx["text"] for tx in _chart_texts(page)]
    listed = page.get_by_text(t("workshop.matrix.numbered", "fi")).count()
    if numbered:
        assert sorted(x for x in drawn if x.isdigit()) == ["1", "2", "3", "4", "5", "6"], drawn
        assert not set(names) & set(drawn), drawn
        assert listed == 1
    else:
        assert set(names) <= set(drawn), drawn
        assert not [x for x in drawn if x.isdigit()], drawn
        assert not _overlaps(_chart_texts(page)), drawn
        assert listed == 0


# Six means close together (test data): too crowded for their names on a 1280×720 wall, not on a 1920×1080 one
# (found with the name placer; clear there down to a drawing 10 % smaller than measured, in Finnish and Swedish).
CROWDED = [[0.44, 0.42], [0.65, 0.54], [0.68, 0.65], [0.35, 0.52], [0.34, 0.32], [0.33, 0.65]]


def test_the_wall_names_the_2x2_items_when_its_screen_has_room(room: dict[str, Any], browser) -> None:  # type: ignore[no-untyped-def]
    """The wall measures its 2×2 in the browser: at 1280×720 the crowded means are numbered and listed by
    number; at 1920×1080 the same means carry their names, none over another (the server alone cannot know the
    screen, and numbered them on every wall)."""
    code = _crowded_2x2(room, "Testi: ahdas nelikenttä", CROWDED)
    for screen, numbered in ((SCREEN, True), ({"width": 1920, "height": 1080}, False)):
        context = browser.new_context(viewport=screen)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{room['base']}/present?ws={code}&lang=fi")
        wait_ready(page)
        _check_named_or_numbered(page, numbered, f"workshop_wall_crowded_2x2_{screen['width']}")
        context.close()


# Six means (test data) too crowded for their names on a 390 px phone, not on a laptop opening the join link
# (found with the name placer; on the phone numbered from a drawing 6 % smaller to 7 % larger than measured).
CROWDED_PHONE = [[0.4, 0.63], [0.69, 0.27], [0.56, 0.27], [0.61, 0.42], [0.69, 0.74], [0.5, 0.75]]


def test_a_laptop_names_the_2x2_items_a_phone_numbers(room: dict[str, Any], browser) -> None:  # type: ignore[no-untyped-def]
    """A participant's 2×2 results are placed in the drawing their own browser measured: numbered on a phone
    (with the numbered list under the chart), named on a council member's laptop, none over another."""
    from foresight.i18n import t

    code = _crowded_2x2(room, "Testi: puhelin ja kannettava", CROWDED_PHONE)
    screens = (
        ({"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}, True),
        ({"viewport": {"width": 1280, "height": 800}}, False),
    )
    for options, numbered in screens:
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{room['base']}/join?join={code}&lang=fi")
        wait_ready(page)
        page.get_by_role("button", name="Liity").click()
        page.get_by_text(t("workshop.join.results", "fi")).wait_for()
        width = options["viewport"]["width"]  # type: ignore[index]
        _check_named_or_numbered(page, numbered, f"workshop_phone_crowded_2x2_{width}")
        context.close()
