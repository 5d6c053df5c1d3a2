"""Workshop pages under AppTest: a facilitator and participants in separate sessions sharing one SQLite file.

Every answer here is test data typed by the test, not anyone's opinion.
"""

from __future__ import annotations

import pytest

from foresight.columns import THEMES
from foresight.i18n import t
from foresight.workshop import aggregates, db, service
from tests.app.conftest import layout, moved, places, run_app, texts

XSS = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"


@pytest.fixture
def store(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store for the app (via the environment) and for the test's own checks."""
    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    monkeypatch.setenv(db.ENV_URL, url)
    return url


def _button(at, key: str):  # type: ignore[no-untyped-def]
    return at.button(key=key)


def create(lang: str = "fi", code: str = "297", kinds: list[str] | None = None, **params: str):  # type: ignore[no-untyped-def]
    """Open the facilitator page and create a workshop; returns the AppTest and the join code."""
    at = run_app("pages/workshop.py", municipality=code, lang=lang, **params)
    assert not at.exception
    if kinds is not None:
        at.multiselect(key="workshop_kinds").set_value(kinds)
    at.text_input(key="workshop_title").input("Testityöpaja")
    at.button(key="FormSubmitter:workshop_create-" + t("workshop.create.submit", lang)).click().run()
    assert not at.exception, at.exception
    join_code = str(at.metric[0].value)
    return at, join_code


def path_of(node, key: str, path: tuple[int, ...] = ()) -> tuple[int, ...] | None:  # type: ignore[no-untyped-def]
    """Where the widget with this key sits in the app's element tree (indices from the root), or None."""
    for index, child in getattr(node, "children", {}).items():
        if getattr(child, "key", None) == key:
            return (*path, index)
        found = path_of(child, key, (*path, index))
        if found is not None:
            return found
    return None


def join(code: str, lang: str = "fi", name: str = ""):  # type: ignore[no-untyped-def]
    """A participant's session opened from the QR link ?join=CODE, joined."""
    at = run_app("pages/join.py", lang=lang, join=code)
    assert not at.exception
    assert at.text_input(key="join_code").value == code
    if name:
        at.text_input(key="join_name").input(name)
    at.button(key="FormSubmitter:join_form-" + t("workshop.join.submit", lang)).click().run()
    assert not at.exception, at.exception
    return at


def cookie_scripts(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(h.proto.body) for h in at.get("html") if "document.cookie" in str(h.proto.body)]


def test_the_seat_cookies_are_written_once_without_moving_the_page(store: str) -> None:
    # The facilitator's and the phone's seats are written by a script shown on one run only. In a container of
    # their own, so the panel and the phone's page keep their places when it goes (the browser matches parts
    # by place; on a slow line a moved part can be drawn afresh).
    at, code = create()
    assert any("kl_facilitator=" in c for c in cookie_scripts(at))
    shown = layout(at)
    at.run()
    assert not cookie_scripts(at)
    assert layout(at) == shown
    at.button(key="workshop_leave").click().run()  # leaving clears the seat, once
    assert any("kl_facilitator=;" in c for c in cookie_scripts(at))
    shown = layout(at)
    at.run()
    assert not cookie_scripts(at)
    assert layout(at) == shown
    phone = join(code, name="Aino")
    assert cookie_scripts(phone)
    shown = layout(phone)
    phone.run()
    assert not cookie_scripts(phone)
    assert layout(phone) == shown


def test_facilitator_creates_participant_ranks_facilitator_reveals(store: str) -> None:
    fac, code = create("fi", "297", kinds=["ranking", "results"])
    body = texts(fac)
    assert t("workshop.create.done", "fi") in body
    assert len(code) == 6
    # the key never appears by itself (the screen may be on the wall): only after a deliberate toggle
    assert len(fac.code) == 0
    fac.toggle(key="workshop_key_show").set_value(True).run()
    assert len(fac.code) == 1 and len(fac.code[0].value) > 30

    eng = db.make_engine(store)
    ws = service.find(eng, code)
    assert ws.municipality == "297" and ws.title == "Testityöpaja"
    assert [s["kind"] for s in ws.steps] == ["ranking", "results"]
    assert "peers=" in ws.peer_spec

    member = join(code, "fi", "Testi")
    assert member.title[0].value == t("workshop.step.kind.ranking", "fi")
    # an untouched ranking is refused with a friendly message; nothing is stored
    member.button(key="join_rank_ranking_send").click().run()
    assert t("workshop.error.untouched", "fi") in [e.value for e in member.error]
    assert service.answer_counts(eng, ws.id) == {}
    order = ["finances", "vitality", "wellbeing", "population", "participation", "sustainability"]
    send_at = path_of(member._tree, "join_rank_ranking_send")
    for item in order[:-1]:  # the last one follows by itself
        member.button(key=f"join_rank_ranking_tap_{item}").click().run()
        assert not member.exception, member.exception
        # The send button keeps its place as the list grows: a stale copy at an old place was a second
        # send button on a phone in CI (a rerun racing the results' poll), and the refusal did not linger.
        assert path_of(member._tree, "join_rank_ranking_send") == send_at
        assert t("workshop.error.untouched", "fi") not in [e.value for e in member.error]
    member.button(key="join_rank_ranking_send").click().run()
    assert not member.exception
    assert t("workshop.vote.saved", "fi") in texts(member)
    assert t("workshop.reveal.waiting", "fi") in texts(member)
    assert service.answer_counts(eng, ws.id) == {"ranking": 1}

    fac.run()
    counts = {str(m.label): m.value for m in fac.metric}
    assert counts[t("workshop.panel.participants", "fi")] == "1"
    assert counts[t("workshop.panel.answers", "fi")] == "1"
    fac.button(key="workshop_reveal").click().run()
    assert not fac.exception
    assert "ranking" in service.get(eng, ws.id).revealed

    member.run()
    assert not member.exception
    assert t("workshop.join.results", "fi") in texts(member)
    assert len(member.get("plotly_chart")) == 1
    assert t("workshop.summary.voters", "fi", n=1) in texts(member)
    top = aggregates.ranking_results(eng, ws.id, "ranking")
    assert top["item"].iloc[0] == "finances" and int(top["points"].iloc[0]) == len(THEMES) - 1


@pytest.mark.parametrize(
    ("lang", "params", "caption"),
    [
        ("fi", {"peers": "network", "season": "USO4"}, "Kuopio · vertailuryhmä: USO-verkosto, kausi USO4"),
        (
            "sv",
            {"peers": "network", "season": "USO4"},
            "Kuopio · jämförelsegrupp: USO-nätverket, period USO4",
        ),
        ("en", {"peers": "network", "season": "USO4"}, "Kuopio · peer group: USO network, season USO4"),
        ("fi", {"peers": "similar"}, "Kuopio · vertailuryhmä: rakenteeltaan samankaltaisimmat kunnat"),
        ("en", {"peers": "region"}, "Kuopio · peer group: Same region (North Savo)"),
    ],
)
def test_panel_names_the_peer_group_in_words(
    store: str, lang: str, params: dict[str, str], caption: str
) -> None:
    fac, _ = create(lang, "297", kinds=["ranking"], **params)
    captions = [str(c.value) for c in fac.caption]
    assert caption in captions, captions
    assert not any("peers=" in c for c in captions)  # never the stored query string


def test_bad_join_code_is_a_message_in_the_users_language(store: str) -> None:
    for lang in ("fi", "sv", "en"):
        at = run_app("pages/join.py", lang=lang, join="ZZZZZZ")
        assert not at.exception
        assert t("workshop.error.bad_code", lang) in [e.value for e in at.error]


def test_wrong_key_is_refused(store: str) -> None:
    _, code = create("sv", "091")
    at = run_app("pages/workshop.py", lang="sv")
    at.tabs  # noqa: B018 - both tabs are drawn; the reopen form is in the second
    at.text_input(key="workshop_reopen_code").input(code)
    at.text_input(key="workshop_reopen_key").input("not-the-key")
    at.button(key="FormSubmitter:workshop_reopen-" + t("workshop.reopen.submit", "sv")).click().run()
    assert not at.exception
    assert t("workshop.error.wrong_key", "sv") in [e.value for e in at.error]
    assert "workshop_fac" not in at.session_state


def test_participant_comment_is_shown_literally(store: str) -> None:
    fac, code = create("en", "297", kinds=["overview", "ranking"])
    member = join(code, "en")
    member.text_area(key="join_comment_overview_text").input(XSS)
    member.button(
        key="FormSubmitter:join_comment_overview-" + t("workshop.comment.submit", "en")
    ).click().run()
    assert not member.exception
    fac.run()
    shown = [str(m.value) for m in fac.markdown]
    # The comment appears escaped: no live tag, no bold, no link; each special character backslashed.
    assert any("\\<script\\>alert\\(1\\)\\</script\\>" in s for s in shown), shown
    assert not any("<script>" in s for s in shown)
    assert any("\\*\\*bold\\*\\*" in s and "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in s for s in shown)


def _facilitator_key(at) -> str:  # type: ignore[no-untyped-def]
    return str(at.session_state["workshop_fac"]["key"])


def test_guess_then_reveal_shows_projection_and_guesses(store: str) -> None:
    fac, code = create("fi", "297", kinds=["projection", "results"])
    panel = places(fac)
    member = join(code, "fi")
    assert "Kuopio: arvaa, mikä on väkiluku vuonna 2030." in texts(member)
    # "125" meant thousands: the phone asks before sending, and the suggestion is one tap
    member.text_input(key="join_guess_projection_value").input("125")
    member.button(key="FormSubmitter:join_guess_projection-" + t("workshop.vote.submit", "fi")).click().run()
    assert not member.exception
    asked = [w.value.replace("\u00a0", " ") for w in member.warning]
    assert any("Tarkoititko 125 000 as.?" in w for w in asked), asked
    eng = db.make_engine(store)
    assert aggregates.guesses(eng, service.find(eng, code).id, "projection").empty  # not sent yet
    member.button(key="join_guess_projection_use").click().run()
    assert not member.exception
    assert t("workshop.vote.saved", "fi") in texts(member)
    assert aggregates.guesses(eng, service.find(eng, code).id, "projection").tolist() == [125000.0]
    one = run_app("pages/present.py", lang="fi", ws=code)
    assert "Odotetaan vastauksia… 1 vastaus" in texts(one)  # not "1 vastausta" (the review's find)
    other = join(code, "fi")
    other.text_input(key="join_guess_projection_value").input("135 000")  # a thousands space
    other.button(key="FormSubmitter:join_guess_projection-" + t("workshop.vote.submit", "fi")).click().run()
    assert not other.exception

    wall = run_app("pages/present.py", lang="fi", ws=code)  # a second screen: view only
    assert not wall.exception
    assert "Odotetaan vastauksia… 2 vastausta" in texts(wall)
    assert not [b for b in wall.button if b.key in ("present_next", "present_reveal")]  # no key, no steering

    phone = places(member)
    fac.button(key="workshop_reveal").click().run()
    # The room's answers came in and the results are shown: the panel's folds below keep their place (a fold
    # that moves is drawn afresh, closed), and so does the phone's comment fold.
    assert "fold:" + t("workshop.survey.heading", "fi") in panel
    assert not [k for k in moved(panel, fac) if k.startswith("fold:")], moved(panel, fac)
    wall.run()
    body = texts(wall)
    assert "Trendiennuste 2030: " in body and "80 %:n väli" in body
    assert "drift" not in body and "(menetelmä: )" not in body  # the method in words, not a code
    assert "Tilastokeskuksen uusin väestöennuste (2024)" in body
    # Two guesses, 125 000 and 135 000: by hand (linear interpolation) p10 = 126 000, median 130 000, p90 134 000.
    # The wall names the median; a middle 80 % of two guesses is left unsaid (shown from five guesses on).
    assert "2 arvausta · mediaani 130 000 as." in body.replace("\u00a0", " ")
    assert "keskimmäiset 80" not in body
    summary = aggregates.guess_summary(eng, service.find(eng, code).id, "projection")
    assert (summary["p10"], summary["median"], summary["p90"]) == (126_000.0, 130_000.0, 134_000.0)
    assert "/2 arvasi ennusteen 80\u00a0%:n välin sisään" in body
    assert len(wall.get("plotly_chart")) == 2  # the projection with the room's median, and the histogram

    member.run()
    assert not member.exception
    assert "Trendiennuste 2030" in texts(member)
    assert "fold:" + t("workshop.vote.comment", "fi") in phone and not moved(phone, member)
    assert any("Arvauksesi 125 000 as." in i.value.replace("\u00a0", " ") for i in member.info)
    assert not [n for n in member.text_input if n.key == "join_guess_projection_value"]  # no late guesses


def test_scenario_names_only_when_shown_and_voting_closed(store: str) -> None:
    fac, code = create("sv", "091", kinds=["scenario"])
    member = join(code, "sv", name="Anna Testare")
    member.selectbox(key="join_sc_scenario_preset").set_value("low_carbon_wellbeing").run()
    member.select_slider(key="join_sc_scenario_fertility_change_low_carbon_wellbeing").set_value(10.0).run()
    # the phone shows the population this scenario gives, against the baseline: the 2024 edition's 2030 is the
    # model's figure between its published years (2024, 2035, 2040), so not "the official projection"
    [preview] = [m for m in member.metric if str(m.label) == "Helsingfors 2030"]
    assert "jämfört med grundbanan" in str(preview.delta)
    assert "officiella" not in str(preview.delta)
    member.text_area(key="join_sc_scenario_comment").input("Fler barnfamiljer")
    member.button(key="FormSubmitter:join_scenario_scenario-" + t("workshop.vote.submit", "sv")).click().run()
    assert not member.exception
    assert t("workshop.vote.saved", "sv") in texts(member)

    eng = db.make_engine(store)
    ws = service.find(eng, code)
    [entry] = aggregates.scenarios(eng, ws.id)
    assert entry.payload["levers"]["fertility_change"] == 10.0
    assert entry.payload["levers"]["net_migration_rate"] == 2.0  # from the preset
    assert entry.comment == "Fler barnfamiljer"

    fac.button(key="workshop_reveal").click().run()
    member.run()
    cards = [str(m.value) for m in member.markdown]
    assert "Fler barnfamiljer" in cards
    # unnamed and moved from its preset: named by its levers, with its 2030 population
    title = [c for c in cards if c.startswith("**Flyttningar \\+2,0 ‰; Nativitet \\+10 %")]
    assert title and "2030: " in title[0], cards
    card_lines = [
        str(c.value) for c in member.caption if "Nativitet" in str(c.value) and " · " in str(c.value)
    ]
    assert card_lines and card_lines[0].endswith(t("workshop.anonymous", "sv"))  # the author's name hidden
    assert not any("Anna" in c for c in cards + card_lines)
    fac.button(key="workshop_names").click().run()
    member.run()
    assert [
        c for c in member.caption if "Nativitet" in str(c.value) and str(c.value).endswith("Anna Testare")
    ]

    fac.button(key="workshop_voting").click().run()
    member.run()
    assert t("workshop.error.voting_closed", "sv") in [w.value for w in member.warning]


def test_matrix_placements_reach_the_store(store: str) -> None:
    fac, code = create("en", "297", kinds=["matrix"])
    member = join(code, "en")
    submit = "FormSubmitter:join_matrix_matrix-" + t("workshop.vote.submit", "en")
    # nothing is preselected: an untouched 2×2 is refused
    assert all(p.value is None for p in member.pills)
    member.button(key=submit).click().run()
    assert t("workshop.error.untouched", "en") in [e.value for e in member.error]
    member.pills(key="join_mx_matrix_finances").set_value("critical")
    member.button(key=submit).click().run()
    assert t("workshop.vote.matrix.missing", "en", n=len(THEMES) - 1) in [e.value for e in member.error]
    eng = db.make_engine(store)
    assert aggregates.matrix_points(eng, service.find(eng, code).id, "matrix").empty
    for item, quadrant in zip(
        THEMES, ["minor", "trends", "watch", "critical", "minor", "trends"], strict=True
    ):
        member.pills(key=f"join_mx_matrix_{item}").set_value(quadrant)
    member.pills(key="join_mx_matrix_finances").set_value("critical")
    member.button(key=submit).click().run()
    assert not member.exception
    frame = aggregates.matrix_results(eng, service.find(eng, code).id, "matrix").set_index("item")
    assert frame.loc["finances", "impact"] == pytest.approx(0.75)
    assert frame.loc["finances", "uncertainty"] == pytest.approx(0.75)
    assert frame.loc[THEMES[0], "impact"] == pytest.approx(0.25)
    fac.button(key="workshop_reveal").click().run()
    wall = run_app("pages/present.py", lang="en", ws=code)
    assert not wall.exception
    assert len(wall.get("plotly_chart")) == 1
    assert t("workshop.summary.voters", "en", n=1) in texts(wall)
    # Two names in each of three corners: in English "Leadership and participation" (28 letters) and
    # "Sustainable development" do not fit beside their points, so the chart shows numbers (the step's order)
    # and the page names them: on the wall in the lists by box, on the phone in a numbered list.
    numbered = t("workshop.matrix.numbered", "en")
    assert numbered in texts(wall)
    assert "**Critical uncertainties:** 4 Municipal finances" in [m.value for m in wall.markdown]
    # A 1920×1080 wall's browser reports a plot area of 1153 × 490 px (measured in Chromium): room for the
    # names. A size it could not have sent (tampered) is ignored: numbers, as on the 1280×720 model.
    for size, named in (([1153, 490], True), (["x", 490], False), ([1153, 10**9], False)):
        wall.session_state["kl_drawing_matrix"] = {"size": size}
        wall.run()
        assert not wall.exception, wall.exception
        assert (numbered not in texts(wall)) is named, (size, texts(wall))
    member.run()
    assert numbered in [c.value for c in member.caption]
    key = "\n".join(f"{n}. {t(f'theme.{th}', 'en')}" for n, th in enumerate(THEMES, start=1))
    assert key in [m.value for m in member.markdown]
    # In Finnish the wall's names fit: no numbers
    wall_fi = run_app("pages/present.py", lang="fi", ws=code)
    assert t("workshop.matrix.numbered", "fi") not in texts(wall_fi)
    assert any(m.value.startswith("**Kriittiset epävarmuudet:** Kuntatalous") for m in wall_fi.markdown), (
        texts(wall_fi)
    )


def test_presentation_steers_with_the_key_in_the_session(store: str) -> None:
    fac, code = create("fi", "020", kinds=["overview", "indicator", "comparison", "results"])
    fac.switch_page("pages/present.py")
    fac.run()
    assert not fac.exception
    assert t("workshop.overview.heading", "fi", name="Akaa") in texts(fac)
    assert len(fac.metric) == 6
    # "Now" is each theme's freshest figure with its year in the label: population 2025 (StatFin 11re,
    # August 2026), not an older key figure; an old figure is flagged in words.
    labels = [m.label for m in fac.metric]
    assert any(label.endswith("Väkiluku · 2025") for label in labels), labels
    assert all(label.rsplit(" · ", 1)[-1][-4:].isdigit() for label in labels)
    fac.button(key="present_next").click().run()
    assert not fac.exception
    assert "Viimeisin arvo" in texts(fac) and len(fac.get("plotly_chart")) == 1
    fac.button(key="present_next").click().run()
    assert t("workshop.comparison.prompt", "fi", name="Akaa") in texts(fac)
    fac.button(key="present_next").click().run()
    assert t("workshop.results.none", "fi") in texts(fac)
    eng = db.make_engine(store)
    assert service.find(eng, code).current_step == 3


@pytest.mark.parametrize(
    ("lang", "one", "broken"),
    [
        ("fi", "Osallistujia: 1", "1 osallistujaa"),
        ("sv", "Deltagare: 1", ""),
        ("en", "Participants: 1", "1 participants"),
    ],
)
def test_wall_counts_one_participant_without_a_broken_plural(
    store: str, lang: str, one: str, broken: str
) -> None:
    _, code = create(lang, "297", kinds=["overview"])
    join(code, lang, "Testi")
    wall = run_app("pages/present.py", lang=lang, ws=code)
    assert not wall.exception
    line = " ".join(str(c.value) for c in wall.caption)
    assert one in line, line
    assert not broken or broken not in line


def test_wall_old_figure_note_is_secondary_text_beside_the_figure(store: str) -> None:
    # Kuopio's latest turnout is from the 2021 municipal elections: its card carries the old-data note, as a
    # caption under the figure (the wall sizes captions below the figures), not as bold body text.
    _, code = create("fi", "297", kinds=["overview"])
    wall = run_app("pages/present.py", lang="fi", ws=code)
    old = [str(c.value) for c in wall.caption if "Vanha tieto: vuodelta 2021" in str(c.value)]
    assert old and old[0].startswith(":material/history:"), old  # said in words with an icon
    assert not any("Vanha tieto" in str(m.value) for m in wall.markdown)


def test_presentation_with_a_bad_code(store: str) -> None:
    at = run_app("pages/present.py", lang="en", ws="<b>nope")
    assert not at.exception
    assert t("workshop.error.bad_code", "en") in [e.value for e in at.error]


def test_stale_participant_session_rejoins(store: str) -> None:
    _, code = create("fi", "297", kinds=["ranking"])
    member = join(code, "fi")
    member.session_state["join_seat"] = {"token": "1.forged", "code": code, "name": None}
    member.run()
    assert not member.exception
    assert t("workshop.error.bad_token", "fi") in [w.value for w in member.warning]
    assert member.text_input(key="join_code").value == code


def test_scenario_text_on_the_wall_is_literal(store: str) -> None:
    fac, code = create("fi", "297", kinds=["scenario"])
    member = join(code, "fi")
    member.text_input(key="join_sc_scenario_name").input(XSS)
    member.text_area(key="join_sc_scenario_comment").input(XSS)
    member.button(key="FormSubmitter:join_scenario_scenario-" + t("workshop.vote.submit", "fi")).click().run()
    assert not member.exception
    fac.button(key="workshop_reveal").click().run()
    wall = run_app("pages/present.py", lang="fi", ws=code)
    assert not wall.exception
    shown = [str(m.value) for m in wall.markdown]
    escaped = "\\<script\\>alert\\(1\\)\\</script\\> \\*\\*bold\\*\\* \\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert escaped in shown  # the comment
    assert any(s.startswith(f"**{escaped}** · **2030: ") for s in shown), shown  # the name, bold only by us
    assert not any("<script>" in s for s in shown)


def test_hidden_comment_leaves_the_wall(store: str) -> None:
    fac, code = create("en", "297", kinds=["results"])
    member = join(code, "en")
    for text in ("Keep the library open", "Off-topic test remark"):
        member.text_area(key="join_comment_results_text").input(text)
        member.button(
            key="FormSubmitter:join_comment_results-" + t("workshop.comment.submit", "en")
        ).click().run()
    assert not member.exception
    wall = run_app("pages/present.py", lang="en", ws=code)
    shown = [str(m.value) for m in wall.markdown]
    assert "Keep the library open" in shown and "Off\\-topic test remark" in shown
    fac.run()
    eng = db.make_engine(store)
    second = aggregates.comments(eng, service.find(eng, code).id)[1].submission_id
    fac.button(key=f"workshop_hide_{second}").click().run()
    assert not fac.exception
    assert t("workshop.moderation.hidden", "en") in texts(fac)
    wall.run()
    shown = [str(m.value) for m in wall.markdown]
    assert "Keep the library open" in shown and "Off\\-topic test remark" not in shown


def test_own_data_attached_shown_on_the_wall_and_to_phones(store: str) -> None:
    """The facilitator attaches this session's own data; the wall shows it as a step, labelled own data."""
    from foresight.owndata import load
    from foresight.ui import owndata_cache
    from foresight.ui.loaders import register

    survey = (  # test data: a made-up resident survey
        "Kunta;Vuosi;Mittari;Yksikkö;Arvo\nKuopio;2022;Asukastyytyväisyys;%;61,5\n"
        "Kuopio;2023;Asukastyytyväisyys;%;63\nEspoo;2023;Asukastyytyväisyys;%;70\n"
        "Helsinki;2023;Asukastyytyväisyys;%;58\n"
    )
    own = load(survey.encode(), "kysely.csv", register().reset_index())
    assert own.ok
    fac, code = create("fi", "297", kinds=["overview", "results"])
    fac.session_state[owndata_cache.STORE] = {"file001": own.to_json()}
    fac.run()
    # folded below the steering, but open as soon as this session has a file to attach
    [own_box] = [e for e in fac.expander if e.label == t("workshop.owndata.heading", "fi")]
    assert own_box.proto.expanded
    fac.button(key="workshop_own_attach_file001").click().run()
    assert not fac.exception, fac.exception
    eng = db.make_engine(store)
    ws = service.find(eng, code)
    from foresight.workshop import owndata

    (attached,) = owndata.files(eng, ws.id)
    assert attached.filename == "kysely.csv" and attached.rows == 4
    assert not [b for b in fac.button if str(b.key).startswith("workshop_own_attach")]  # attached: no button
    fac.button(key=f"workshop_own_show_{attached.id}_own:asukastyytyvaisyys").click().run()
    assert not fac.exception, fac.exception
    ws = service.find(eng, code)
    assert ws.step is not None and ws.step["kind"] == "owndata" and ws.current_step == 1

    wall = run_app("pages/present.py", lang="fi", ws=code)
    assert not wall.exception, wall.exception
    body = texts(wall)
    assert "Asukastyytyväisyys" in body and r"Oma aineisto \(kysely\.csv\)" in body  # escaped markdown
    assert "Ei virallinen tilasto" in body
    assert len(wall.get("plotly_chart")) == 2  # Kuopio against the file's others, and the 2023 ranking

    phone = join(code, "fi", "Testi")
    assert not phone.exception and phone.title[0].value == "Asukastyytyväisyys"

    # Removed from the workshop: the step stays, and says the data are gone instead of failing.
    fac.run()
    fac.button(key=f"workshop_own_detach_{attached.id}").click().run()
    assert owndata.files(eng, ws.id) == []
    wall.run()
    assert not wall.exception and t("workshop.owndata.gone", "fi") in texts(wall)


def test_wall_reveals_the_same_2030_reference_as_the_scenario_page(store: str) -> None:
    """Issue 18 (1): the wall's official 2030 figure is the one the scenario page shows for Sievi."""
    fac, code = create("fi", "746", kinds=["projection"])
    member = join(code, "fi")
    member.text_input(key="join_guess_projection_value").input("4 300")
    member.button(key="FormSubmitter:join_guess_projection-" + t("workshop.vote.submit", "fi")).click().run()
    fac.button(key="workshop_reveal").click().run()
    wall = run_app("pages/present.py", lang="fi", ws=code)
    assert not wall.exception
    scenarios = run_app("pages/scenarios.py", municipality="746", lang="fi")
    baseline = next(m.value for m in scenarios.metric if m.label == "Väkiluku 2030")
    # 2030 is not a year the 2024 edition published: the wall says the figure is derived.
    line = (
        "Tilastokeskuksen uusin väestöennuste (2024) julkaisee vain vuodet 2024, 2035 ja 2040; siitä johdettu "
        f"luku: **{baseline}** asukasta vuonna 2030"
    )
    assert any(line in str(m.value) for m in wall.markdown), baseline


def test_survey_step_on_the_wall_shows_only_published_results_and_residents_vs_room(store: str) -> None:
    """The facilitator adds a residents' survey by its code; the wall shows its results once published and
    the residents' theme places beside the room's once the room's ranking is revealed."""
    from datetime import UTC, datetime, timedelta

    from foresight import survey as sv
    from foresight import survey_store

    eng = db.make_engine(store)
    now = datetime.now(UTC)
    survey, owner = survey_store.create(  # test data: a made-up survey and answers
        eng,
        sv.make_definition("Kysely <b>2030</b>", ["Koulut"], ["Hyvä asua"], "Mikä?"),
        municipality="297",
        lang="fi",
        opens=now - timedelta(days=1),
        closes=now + timedelta(days=7),
        retain_until=now + timedelta(days=30),
    )
    survey_store.submit(eng, survey.code, "f" * 32, {"rank": list(THEMES), "picks": ["Koulut"]})
    fac, code = create("fi", "297", kinds=["overview", "ranking", "results"])
    before = places(fac)
    fac.text_input(key="workshop_survey_code").input("ZZZZZZ")
    fac.button(key="FormSubmitter:workshop_survey_form-" + t("workshop.survey.add", "fi")).click().run()
    assert t("workshop.survey.unknown", "fi") in texts(fac)
    assert not moved(before, fac)  # the message, said once, leaves the exports below in their place
    fac.text_input(key="workshop_survey_code").input(survey.code.lower())
    fac.button(key="FormSubmitter:workshop_survey_form-" + t("workshop.survey.add", "fi")).click().run()
    assert not fac.exception, fac.exception
    assert t("workshop.survey.unpublished", "fi") in texts(fac)  # said to the facilitator at once
    ws = service.find(eng, code)
    assert [s["kind"] for s in ws.steps] == ["overview", "survey", "ranking", "results"]
    assert ws.current_step == 1 and ws.steps[1]["survey"] == survey.code

    wall = run_app("pages/present.py", lang="fi", ws=code)
    assert not wall.exception, wall.exception
    body = texts(wall)
    assert t("workshop.survey.unpublished", "fi") in body
    assert r"Kysely \<b\>2030" not in body  # nothing of an unpublished survey reaches the wall

    from foresight.ui import workshop_steps

    # the wall's poll sees a survey change without a workshop change: published, then each new answer
    assert workshop_steps.live_signature(eng, ws.steps[1]) == (False, 0)
    assert workshop_steps.live_signature(eng, ws.steps[0]) is None
    survey_store.publish(eng, survey.code, owner)
    assert workshop_steps.live_signature(eng, ws.steps[1]) == (True, 1)
    wall.run()
    body = texts(wall)
    assert r"Kysely \<b\>2030\</b\>" in body  # the survey's title, escaped
    assert t("survey.source.note", "fi") in body and t("survey.results.respondents", "fi", n=1) in body
    assert t("workshop.survey.compare.waiting", "fi") in body
    assert len(wall.get("plotly_chart")) == 1  # the residents' ranking
    phone = join(code, "fi")  # a phone at this step: the step's name, nothing to answer
    assert not phone.exception and phone.title[0].value == t("workshop.step.kind.survey", "fi")

    # The room ranks (reversed), the facilitator reveals the ranking step: the comparison appears.
    service.submit(
        eng, service.join(eng, code).token, "ranking", "ranking", {"order": list(THEMES)[::-1]}, "k1"
    )
    fac.run()
    service.reveal(eng, ws.id, fac.session_state["workshop_fac"]["key"], "ranking")
    wall.run()
    assert not wall.exception, wall.exception
    frames = [f.value for f in wall.dataframe]
    comparison = next(f for f in frames if t("survey.col.council", "fi") in f.columns)
    first = comparison.iloc[0]
    assert first[t("survey.col.item", "fi")] == t("theme.vitality", "fi")
    assert (first[t("survey.col.residents", "fi")], first[t("survey.col.council", "fi")]) == (1, 6)
    assert first[t("survey.col.difference", "fi")] == 5


def test_two_guess_steps_with_equal_guesses_share_one_results_page(store: str) -> None:
    """Two revealed guess steps whose charts come out identical (the same test guesses on both) used to
    crash the results step with a duplicate element id; each step's charts are now its own."""
    import uuid

    fac, code = create("fi", "297", kinds=["projection", "guess", "results"])
    fac.toggle(key="workshop_key_show").set_value(True).run()
    key = fac.code[0].value
    eng = db.make_engine(store)
    ws = service.find(eng, code)
    guess_steps = [s["id"] for s in ws.steps if s["kind"] in ("projection", "guess")]
    assert len(guess_steps) == 2
    for value in (125_000.0, 135_000.0):  # two participants, the same two guesses on both steps
        seat = service.join(eng, code)
        for step_id in guess_steps:
            service.submit(eng, seat.token, step_id, "guess", {"value": value}, str(uuid.uuid4()))
    for step_id in guess_steps:
        service.reveal(eng, ws.id, key, step_id)
    service.go_to_step(eng, ws.id, key, [s["kind"] for s in ws.steps].index("results"))
    wall = run_app("pages/present.py", lang="fi", ws=code)
    assert not wall.exception, wall.exception
    # The projection step: its projection with the room's median and the histogram; the guess step: the
    # histogram against the revealed value (the history line is drawn at projection steps only).
    assert len(wall.get("plotly_chart")) == 3
    fac.run()
    assert not fac.exception, fac.exception


def test_peer_group_is_chosen_in_words_and_stored_as_before(store: str) -> None:
    """The review found a raw 'peers=network&season=USO4' field; now a choice in words, stored the same way."""
    at = run_app("pages/workshop.py", municipality="297", lang="fi", peers="network", season="USO4")
    assert not at.exception
    assert "workshop_peers" not in [w.key for w in at.text_input]
    box = at.selectbox(key="workshop_peers")
    assert box.value == "peers=network&season=USO4"  # the sidebar's group is chosen
    shown = list(box.options)  # AppTest holds the options as shown
    # a season says its years and size (USO3 had 4 members, Kuopio not among them)
    assert "USO-verkosto, kausi USO4 (2017–2018, 29 kuntaa)" in shown and "Koko maa" in shown
    assert "USO-verkosto, kausi USO3 (2015–2016, 4 kuntaa)" in shown
    assert not any("peers=" in s for s in shown)
    assert "Rakenteeltaan samankaltaisimmat kunnat" in shown  # a choice starts with a capital
    assert all(s[:1].isupper() for s in shown)
    box.set_value("peers=country")
    at.text_input(key="workshop_title").input("Testityöpaja")
    at.button(key="FormSubmitter:workshop_create-" + t("workshop.create.submit", "fi")).click().run()
    assert not at.exception, at.exception
    ws = service.find(db.make_engine(store), str(at.metric[0].value))
    assert ws.peer_spec == "peers=country"
    assert "Kuopio · vertailuryhmä: Koko maa" in [str(c.value) for c in at.caption]


@pytest.mark.parametrize(
    ("stored", "lang", "expected"),
    [
        ("peers=bogus", "fi", "tuntematon ryhmä (tallennettua arvoa ei tunnistettu)"),
        ("uso4\nkausi", "sv", "okänd grupp (det sparade värdet kändes inte igen)"),
        ("peers=network&season=USO4", "en", "USO network, season USO4"),
        ("", "en", "–"),
    ],
)
def test_an_old_or_bad_stored_peer_group_is_said_not_crashed(stored: str, lang: str, expected: str) -> None:
    from foresight.ui import workshop_text

    assert workshop_text.peer_label(stored, "297", lang) == expected


def test_panel_hides_voting_on_a_step_without_answers_and_arrows_have_names(store: str) -> None:
    """The review's panel at "Vaihe 1/7 · Tilannekuva": no "Sulje äänestys", no "0 answers", but the words
    phones see; the step arrows are named in words on the panel and on the wall (a screen reader reads them)."""
    fac, code = create("fi", "297", kinds=["overview", "ranking"])
    body = texts(fac)
    assert t("workshop.panel.no_voting", "fi") in body
    assert t("workshop.voting.is_open", "fi") not in body
    keys = {b.key for b in fac.button}
    assert "workshop_voting" not in keys and "workshop_reveal" not in keys
    assert t("workshop.panel.answers", "fi") not in [str(m.label) for m in fac.metric]
    labels = {b.key: b.label for b in fac.button}
    assert labels["workshop_next"] == "Seuraava vaihe" and labels["workshop_prev"] == "Edellinen vaihe"
    fac.button(key="workshop_next").click().run()  # the ranking: voting controls are back
    assert {"workshop_voting", "workshop_reveal"} <= {b.key for b in fac.button}
    assert t("workshop.voting.is_open", "fi") in texts(fac)

    wall = run_app("pages/present.py", lang="sv", ws=code)
    wall.session_state["workshop_fac"] = fac.session_state["workshop_fac"]
    wall.run()
    assert not wall.exception
    named = {b.key: b.label for b in wall.button}
    assert named.get("present_prev") == "Föregående steg" and named.get("present_next") == "Nästa steg"


def test_moderation_names_each_entrys_step_kind_and_value(store: str) -> None:
    """The facilitator's moderation list says of each entry which step it answers, what kind of answer it is
    and what was sent (a wild guess, a ranking, a comment), so hiding is an informed choice."""
    fac, code = create("fi", "297", kinds=["projection", "ranking", "results"])
    eng = db.make_engine(store)
    ws = service.find(eng, code)
    seat = service.join(eng, code, "Testi")
    service.submit(eng, seat.token, "projection", "guess", {"value": 9_000_000}, "mod-1")
    order = ["finances", "vitality", "wellbeing", "population", "participation", "sustainability"]
    service.submit(eng, seat.token, "ranking", "ranking", {"order": order}, "mod-2")
    service.submit(eng, seat.token, "results", "comment", {"comment": "Testikommentti"}, "mod-3")
    fac.run()
    assert not fac.exception, fac.exception
    body = texts(fac).replace("\\", "").replace("\u00a0", " ")  # markdown escapes, number spaces
    # the step (its number and name) and the kind of answer, in words
    assert "Vaihe 1 · Ennuste: Väkiluku" in body and "Arvaus" in body
    assert "Vaihe 2 · Priorisointi" in body and "Järjestys" in body
    assert "Vaihe 3 · Tulokset" in body and "Kommentti" in body
    # what was sent: the value as the indicator writes it, the order by the themes' names, the comment
    assert "9 000 000 as." in body
    assert "1. Kuntatalous · 2. Elinvoima · 3. Hyvinvointi" in body
    assert "Testikommentti" in body
    guess_id = aggregates.moderation_entries(eng, ws.id, _facilitator_key(fac))[0].submission_id
    fac.button(key=f"workshop_hide_{guess_id}").click().run()
    assert aggregates.guesses(eng, ws.id, "projection").empty  # hidden: out of the room's guesses


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_an_untouched_scenario_asks_before_sending_the_defaults(store: str, lang: str) -> None:
    """Send with nothing changed: the phone asks in the reader's language; nothing is stored until the
    participant says 'send the defaults'; moving a lever instead takes the question away."""
    fac, code = create(lang, "297", kinds=["scenario"])
    member = join(code, lang)
    send = "FormSubmitter:join_scenario_scenario-" + t("workshop.vote.submit", lang)
    member.button(key=send).click().run()
    assert not member.exception, member.exception
    question = {"fi": "Et muuttanut mitään – lähetetäänkö oletukset?", "en": "You changed nothing"}[lang]
    assert any(question in str(w.value) for w in member.warning), [w.value for w in member.warning]
    assert t("workshop.vote.saved", lang) not in texts(member)
    eng = db.make_engine(store)
    ws = service.find(eng, code)
    assert aggregates.scenarios(eng, ws.id) == []
    # moving a lever is an answer: the question goes away, and Send stores it
    member.select_slider(key="join_sc_scenario_fertility_change_baseline").set_value(5.0).run()
    assert not any(question in str(w.value) for w in member.warning)
    member.select_slider(key="join_sc_scenario_fertility_change_baseline").set_value(0.0).run()
    member.button(key=send).click().run()
    assert any(question in str(w.value) for w in member.warning)
    member.button(key="join_sc_scenario_as_is").click().run()
    assert not member.exception, member.exception
    assert t("workshop.vote.saved", lang) in texts(member)
    [entry] = aggregates.scenarios(eng, ws.id)
    assert (
        entry.payload["levers"]["fertility_change"] == 0.0
        and entry.payload["levers"]["net_migration_rate"] == 0.0
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_local_join_link_is_said_in_plain_words_the_setting_only_for_the_admin(
    store: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a local run (the link points at this computer) the facilitator reads what it means and whom to ask,
    in their language; the environment variable's name is only inside a folded box for the administrator."""
    monkeypatch.delenv("KUNTALUOTAIN_PUBLIC_URL", raising=False)
    fac, _ = create(lang, "297")
    warnings = [str(w.value) for w in fac.warning]
    plain = {
        "fi": "Liittymislinkki toimii vain tällä tietokoneella",
        "sv": "Anslutningslänken fungerar bara på den här datorn",
        "en": "The join link works on this computer only",
    }[lang]
    assert any(w.startswith(plain) for w in warnings), warnings
    assert not any("KUNTALUOTAIN_PUBLIC_URL" in w or "localhost" in w for w in warnings), warnings
    admin = {
        "fi": "Tekniset tiedot ylläpitäjälle",
        "sv": "Teknisk information för administratören",
        "en": "Technical details for the administrator",
    }[lang]
    [box] = [e for e in fac.expander if e.label == admin]
    assert not box.proto.expanded  # folded: a facilitator does not open it by chance
    inside = " ".join(str(c.value) for c in box.caption)
    assert "KUNTALUOTAIN_PUBLIC_URL" in inside and "localhost" in inside, inside
    # outside the folded box the variable's name is nowhere on the panel
    outside = [
        str(e.value) for e in (*fac.markdown, *fac.caption, *fac.warning, *fac.info) if e not in box.caption
    ]
    assert not any("KUNTALUOTAIN_PUBLIC_URL" in s for s in outside), outside


def test_a_public_address_says_nothing_about_the_local_link(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUNTALUOTAIN_PUBLIC_URL", "https://ennakointi.example.fi")
    fac, code = create("fi", "297")
    assert not any("tällä tietokoneella" in str(w.value) for w in fac.warning)
    assert "Tekniset tiedot ylläpitäjälle" not in [e.label for e in fac.expander]
    assert f"https://ennakointi.example.fi/join?join={code}" in texts(fac)
