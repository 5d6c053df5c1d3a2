"""Residents' survey storage on SQLite and PostgreSQL: one answer per browser, rate limit, deletion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text

from foresight import survey as sv
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.workshop import db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DEF = sv.make_definition("Kunta 2030", ["Koulut", "Kirjasto"], ["Hyvä asua"], "Mikä on tärkeintä?", ["Kylät"])
TOKEN = "browser-token-0000000001"


def make(engine):
    return store.create(
        engine,
        DEF,
        municipality="091",
        lang="fi",
        opens=NOW - timedelta(days=1),
        closes=NOW + timedelta(days=7),
        retain_until=NOW + timedelta(days=365),
    )


def refused(fn, *args, **kwargs) -> str:
    with pytest.raises(sv.SurveyError) as err:
        fn(*args, **kwargs)
    return err.value.key


def test_double_submit_and_change_store_one_answer(engine):
    survey, _key = make(engine)
    store.submit(engine, survey.code, TOKEN, {"rank": list(THEMES)}, now=NOW)
    store.submit(engine, survey.code, TOKEN, {"rank": list(THEMES)}, now=NOW)
    store.submit(engine, survey.code, TOKEN, {"rank": list(THEMES)[::-1], "open": "uusi"}, now=NOW)
    assert store.count(engine, survey) == 1
    mine = store.my_answer(engine, survey.code, TOKEN)
    assert mine is not None and mine.rank == tuple(reversed(THEMES)) and mine.open_text == "uusi"
    store.submit(engine, survey.code, "another-browser-token-02", {"picks": ["Koulut"]}, now=NOW)
    assert store.count(engine, survey) == 2


def test_tokens_and_addresses_are_stored_only_hashed(engine):
    survey, key = make(engine)
    store.submit(engine, survey.code, TOKEN, {"open": "x"}, address="203.0.113.7", now=NOW)
    with db.read(engine) as conn:
        dump = repr(conn.execute(select(store.survey_answers)).all())
        dump += repr(conn.execute(select(store.survey_hits)).all())
        dump += repr(conn.execute(select(store.surveys)).all())
    assert TOKEN not in dump and "203.0.113.7" not in dump and key not in dump


def test_closed_upcoming_unknown_and_bad_token_are_refused(engine):
    survey, _ = make(engine)
    assert refused(store.submit, engine, survey.code, TOKEN, {}, now=NOW + timedelta(days=8)) == (
        "survey.error.closed"
    )
    assert refused(store.submit, engine, survey.code, TOKEN, {}, now=NOW - timedelta(days=2)) == (
        "survey.error.upcoming"
    )
    assert refused(store.submit, engine, "ZZZZZZ", TOKEN, {}, now=NOW) == "survey.error.unknown"
    assert refused(store.submit, engine, survey.code, "short", {}, now=NOW) == "survey.error.token"
    assert refused(store.submit, engine, survey.code, "bad token with spaces!!", {}, now=NOW) == (
        "survey.error.token"
    )
    assert refused(store.submit, engine, survey.code, TOKEN, {"q9": 1}, now=NOW) == "survey.error.tampered"
    assert refused(store.submit, engine, survey.code, TOKEN, {}, now=NOW) == "survey.error.empty"
    assert store.count(engine, survey) == 0


def test_rate_limit_per_address(engine):
    survey, _ = make(engine)
    for i in range(store.RATE_LIMIT):
        store.submit(
            engine, survey.code, f"browser-token-{i:010d}", {"open": "x"}, address="198.51.100.1", now=NOW
        )
    assert refused(
        store.submit,
        engine,
        survey.code,
        "browser-token-x000000000",
        {"open": "x"},
        address="198.51.100.1",
        now=NOW,
    ) == ("survey.error.rate")
    # another address, and the same one after the window, go through
    store.submit(
        engine, survey.code, "browser-token-y000000000", {"open": "x"}, address="198.51.100.2", now=NOW
    )
    later = NOW + store.RATE_WINDOW + timedelta(seconds=1)
    store.submit(
        engine, survey.code, "browser-token-z000000000", {"open": "x"}, address="198.51.100.1", now=later
    )
    assert store.count(engine, survey) == store.RATE_LIMIT + 2


def test_moderation_publish_results_and_owner_key(engine):
    survey, key = make(engine)
    store.submit(engine, survey.code, TOKEN, {"rank": list(THEMES), "open": "<script>x</script>"}, now=NOW)
    store.submit(engine, survey.code, "browser-token-0000000002", {"open": "Penkkejä"}, now=NOW)
    assert store.results(engine, survey).open_answers == []  # nothing before moderation
    pending = store.open_answers(engine, survey, store.PENDING)
    assert [t for _, t, _ in pending] == ["<script>x</script>", "Penkkejä"]
    assert refused(store.moderate, engine, survey.code, "wrong key", pending[1][0], store.APPROVED) == (
        "survey.error.owner"
    )
    store.moderate(engine, survey.code, key, pending[1][0], store.APPROVED)
    store.moderate(engine, survey.code, key, pending[0][0], store.REJECTED)
    res = store.results(engine, survey)
    assert res.open_answers == ["Penkkejä"] and res.respondents == 2
    assert res.ranking[0].item == THEMES[0] and res.ranking[0].points == 5 and res.ranking[0].voters == 1
    assert not store.get(engine, survey.code).published
    store.publish(engine, survey.code, key)
    assert store.get(engine, survey.code).published


def test_delete_removes_the_survey_and_all_answers(engine):
    survey, key = make(engine)
    other, _ = make(engine)
    store.submit(engine, survey.code, TOKEN, {"open": "a"}, address="192.0.2.1", now=NOW)
    store.submit(engine, other.code, TOKEN, {"open": "b"}, address="192.0.2.1", now=NOW)
    assert refused(store.delete_survey, engine, survey.code, "nope") == "survey.error.owner"
    store.delete_survey(engine, survey.code, key)
    assert store.find(engine, survey.code) is None
    with db.read(engine) as conn:
        for table in (store.survey_answers, store.survey_hits):
            ids = [r.survey_id for r in conn.execute(select(table.c.survey_id))]
            assert survey.id not in ids and other.id in ids


def test_dates_must_be_aware_and_ordered(engine):
    kwargs = {"municipality": "091", "lang": "fi"}
    assert refused(store.create, engine, DEF, opens=NOW, closes=NOW, retain_until=NOW, **kwargs) == (
        "survey.error.dates"
    )
    naive = NOW.replace(tzinfo=None)
    assert refused(
        store.create,
        engine,
        DEF,
        opens=naive,
        closes=naive + timedelta(1),
        retain_until=naive + timedelta(2),
        **kwargs,
    ) == ("survey.error.dates")


def test_migration_five_creates_the_tables(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"surveys", "survey_answers", "survey_hits"} <= tables
    with db.read(engine) as conn:
        versions = sorted(conn.execute(text("SELECT version FROM schema_version")).scalars())
    assert {4, 5} <= set(versions)


def test_runner_accepts_gaps_and_applies_a_late_lower_number(empty_url):
    # A database that got 5 before 4 (branches merged in another order): 4 still runs, once.
    engine = db.make_engine(empty_url, migrate_now=False)
    try:
        without_four = tuple(m for m in db.MIGRATIONS if m[0] != 4)
        assert db.migrate(engine, without_four) == [1, 2, 3, 5]
        ran: list[int] = []
        late = (*without_four, (4, lambda conn: ran.append(4)))
        assert db.migrate(engine, late) == [4]
        assert ran == [4]
        assert db.migrate(engine, late) == []
        assert db.schema_version(engine) == 5
    finally:
        engine.dispose()


def test_residents_vs_council_against_a_workshop_ranking(engine):
    from foresight.workshop import service

    created = service.create_workshop(
        engine, "Valtuusto", steps=[{"id": "rank", "kind": "ranking", "title": "R"}]
    )
    ws = service.find(engine, created.join_code)
    for i, order in enumerate([list(THEMES)[::-1], list(THEMES)[::-1]]):
        seat = service.join(engine, created.join_code, f"v{i}")
        service.submit(engine, seat.token, "rank", "ranking", {"order": order}, f"k{i}")
    council = store.council_ranking(engine, ws.id, "rank")
    survey, _ = make(engine)
    store.submit(engine, survey.code, TOKEN, {"rank": list(THEMES)}, now=NOW)
    rows = {r["item"]: r for r in sv.compare_rankings(store.results(engine, survey).ranking, council)}
    # residents put vitality first, the council (two voters, reversed order) last: 6 - 1 = 5 places apart
    assert rows["vitality"] == {"item": "vitality", "residents": 1, "council": 6, "difference": 5}
    assert rows["sustainability"] == {
        "item": "sustainability",
        "residents": 6,
        "council": 1,
        "difference": -5,
    }


def test_council_by_code_says_why_there_is_no_council_side(engine):
    from foresight.workshop import service

    assert store.council_by_code(engine, "ZZZZZZ") == (store.UNKNOWN, [])
    guess_only = service.create_workshop(
        engine, "Arvaus", steps=[{"id": "g", "kind": "guess", "title": "G", "indicator": "population"}]
    )
    assert store.council_by_code(engine, guess_only.join_code) == (store.NO_STEP, [])
    two_items = service.create_workshop(
        engine, "Muu", steps=[{"id": "r", "kind": "ranking", "title": "R", "items": ["A", "B"]}]
    )
    assert store.council_by_code(engine, two_items.join_code) == (store.NO_STEP, [])
    # the first six-theme ranking counts, even after another ranking step
    created = service.create_workshop(
        engine,
        "Valtuusto",
        steps=[
            {"id": "other", "kind": "ranking", "title": "O", "items": ["A", "B"]},
            {"id": "themes", "kind": "ranking", "title": "T"},
        ],
    )
    assert store.council_by_code(engine, created.join_code) == (store.NO_VOTES, [])
    seat = service.join(engine, created.join_code, "v")
    service.submit(engine, seat.token, "themes", "ranking", {"order": list(THEMES)}, "k1")
    status, rows = store.council_by_code(engine, created.join_code.lower())  # typed in any case
    assert status == store.OK
    # one voter, themes in order: 5, 4, 3, 2, 1, 0 points
    assert [(r.item, r.points, r.voters) for r in rows] == [(i, 5 - n, 1) for n, i in enumerate(THEMES)]


def test_purge_removes_surveys_past_their_retention_date(engine):
    survey, _ = make(engine)  # retained until NOW + 365 days
    store.submit(engine, survey.code, TOKEN, {"open": "a"}, address="192.0.2.9", now=NOW)
    assert store.purge_expired(engine, NOW + timedelta(days=364)) == 0
    assert store.find(engine, survey.code) is not None
    assert store.purge_expired(engine, NOW + timedelta(days=366)) >= 1
    assert store.find(engine, survey.code) is None
    with db.read(engine) as conn:
        for table in (store.survey_answers, store.survey_hits):
            assert survey.id not in [r.survey_id for r in conn.execute(select(table.c.survey_id))]


def test_only_published_surveys_of_the_municipality_are_listed_newest_first(engine):
    def made(municipality: str, closes_in: int):  # type: ignore[no-untyped-def]
        return store.create(
            engine,
            DEF,
            municipality=municipality,
            lang="fi",
            opens=NOW - timedelta(days=30),
            closes=NOW + timedelta(days=closes_in),
            retain_until=NOW + timedelta(days=365),
        )

    older, k1 = made("091", 1)
    newer, k2 = made("091", 5)
    hidden, _ = made("091", 9)  # never published
    elsewhere, k4 = made("297", 3)
    for survey, key in ((older, k1), (newer, k2), (elsewhere, k4)):
        store.publish(engine, survey.code, key)
    assert [s.code for s in store.published(engine, "091")] == [newer.code, older.code]
    assert [s.code for s in store.published(engine, "297")] == [elsewhere.code]
    assert store.published(engine, "049") == []
    assert store.published_results(engine, hidden.code) is None
    assert store.published_results(engine, "ZZZZZZ") is None
    store.submit(engine, newer.code, TOKEN, {"rank": list(THEMES)}, now=NOW)
    survey, res = store.published_results(engine, newer.code)
    assert survey.code == newer.code and res.respondents == 1
    store.publish(engine, newer.code, k2, False)  # unpublished again: gone from both
    assert store.published_results(engine, newer.code) is None
    assert [s.code for s in store.published(engine, "091")] == [older.code]


def test_workshop_exports_carry_a_published_survey_step_beside_the_rooms_ranking(engine):
    """The workshop's Excel and HTML summary: a survey step brings the residents' published theme ranking
    (its own sheet, sourced as the municipality's survey) and, in the summary, the residents' places beside
    the room's ranking; an unpublished survey only a note."""
    import io

    import openpyxl

    from foresight import i18n
    from foresight.workshop import export, service

    survey, key = make(engine)
    store.submit(engine, survey.code, TOKEN, {"rank": list(THEMES), "open": "<b>penkit</b>"}, now=NOW)
    steps = [
        {"id": "r", "kind": "ranking", "title": "R"},
        {"id": "s", "kind": "survey", "survey": survey.code},
    ]
    created = service.create_workshop(engine, "Valtuusto", steps=steps)
    wid, fkey = created.workshop.id, created.facilitator_key
    seat = service.join(engine, created.join_code, "v")
    service.submit(engine, seat.token, "r", "ranking", {"order": list(THEMES)[::-1]}, "k1")

    page = export.summary_html(engine, wid, fkey, "en")
    assert "were not published when this summary was made" in page  # not yet: a note, no results
    assert "Kunta 2030" not in page
    assert export.tables(engine, wid, fkey)["survey"].empty

    store.publish(engine, survey.code, key)
    page = export.summary_html(engine, wid, fkey, "en")
    assert "Kunta 2030" in page and i18n.t("survey.source.note", "en") in page
    # residents: vitality 1st; the room's one voter: vitality last (6th) → +5
    assert (
        '<th scope="row">Vitality</th><td class="num">1</td><td class="num">6</td><td class="num">+5</td>'
        in page
    )
    table = export.tables(engine, wid, fkey)["survey"]
    assert table.loc[table["item"] == "vitality", ["points", "first_places", "voters"]].values.tolist() == [
        [5, 1, 1]
    ]
    book = openpyxl.load_workbook(io.BytesIO(export.excel(engine, wid, fkey, "en")))
    assert "survey" in book.sheetnames
    sources = [c.value for row in book[book.sheetnames[-1]].iter_rows() for c in row]
    assert i18n.t("survey.source.note", "en") in sources


def test_a_typed_code_opens_its_survey_and_a_bad_one_says_why(engine):
    """A resident types the printed code: any case, spaces or a dash are fine; a wrong length or a letter
    the codes never use (O, I, L, 0, 1) is a format error; a well-formed code of no survey is unknown."""
    survey, _ = make(engine)
    typed = f" {survey.code[:3].lower()}-{survey.code[3:]} "
    assert store.open_typed(engine, typed).code == survey.code
    for bad in ("", "ABC", "ABCDEFGH", "ABCDE0", "ABCDEO", "ÄBCDEF"):
        with pytest.raises(sv.SurveyError) as err:
            store.open_typed(engine, bad)
        assert err.value.key == "survey.error.code_format", bad
        assert err.value.params == {"length": 6}
    other = "ZZZZZZ" if survey.code != "ZZZZZZ" else "YYYYYY"
    with pytest.raises(sv.SurveyError) as err:
        store.open_typed(engine, other.lower())
    assert (err.value.key, err.value.params) == ("survey.error.unknown_code", {"code": other})
