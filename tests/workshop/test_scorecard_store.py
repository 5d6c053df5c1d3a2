"""Saved scorecards: code and hashed owner key, versions with who/what/when, sharing.

Runs on SQLite and on PostgreSQL when a server is given (the `engine` fixture of conftest)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from foresight import scorecard as sc
from foresight import scorecard_store as store
from foresight.workshop import db

CARD = sc.Scorecard(
    "297",
    "Kuopio 2030",
    (sc.Goal("g1", "Työtä kaikille", (sc.Item("employment_rate", 2020, 67.7, 70.0),)),),
)


def test_created_scorecard_opens_only_with_its_key(engine) -> None:  # type: ignore[no-untyped-def]
    code, key = store.create(engine, CARD, "Anna Virtanen")
    opened = store.open_card(engine, code.lower(), key)  # a code typed in lower case still opens
    assert (opened.version, opened.card) == (1, CARD)
    with pytest.raises(sc.ScorecardError) as wrong:
        store.open_card(engine, code, key + "x")
    assert wrong.value.key == "scorecard.error.wrong_key"
    with pytest.raises(sc.ScorecardError) as unknown:
        store.open_card(engine, "ZZZZZZ", key)
    assert unknown.value.key == "scorecard.error.bad_code"
    with db.read(engine) as conn:
        stored = conn.execute(select(store.scorecards.c.owner_key_hash)).scalar_one()
    assert key not in stored and stored.startswith("scrypt$")


def test_a_moved_target_is_a_new_version_with_who_and_what(engine) -> None:  # type: ignore[no-untyped-def]
    code, key = store.create(engine, CARD, "Anna Virtanen")
    moved = sc.set_item(CARD, "g1", sc.Item("employment_rate", 2020, 67.7, 71.5))
    saved = store.save(engine, code, key, moved, "Pekka Korhonen")
    assert saved.version == 2
    assert store.save(engine, code, key, moved, "Pekka Korhonen").version == 2  # nothing changed: no version
    versions = store.history(engine, code, key)
    assert [(v.version, v.author) for v in versions] == [(2, "Pekka Korhonen"), (1, "Anna Virtanen")]
    assert versions[0].changes == [
        {
            "kind": "target_moved",
            "goal": "Työtä kaikille",
            "indicator": "employment_rate",
            "old": 70.0,
            "new": 71.5,
        }
    ]
    assert versions[1].card == CARD and versions[0].card == moved
    assert versions[0].changed >= versions[1].changed


def test_saving_needs_the_key_and_a_name(engine) -> None:  # type: ignore[no-untyped-def]
    code, key = store.create(engine, CARD, "Anna")
    with pytest.raises(sc.ScorecardError) as wrong:
        store.save(engine, code, "not-the-key", CARD, "Mallory")
    assert wrong.value.key == "scorecard.error.wrong_key"
    with pytest.raises(sc.ScorecardError) as nameless:
        store.save(engine, code, key, CARD, "   ")
    assert nameless.value.key == "scorecard.error.no_author"
    other = sc.Scorecard("091", "", CARD.goals)
    with pytest.raises(sc.ScorecardError):
        store.save(engine, code, key, other, "Anna")


def test_only_shared_scorecards_show_their_targets(engine) -> None:  # type: ignore[no-untyped-def]
    store.create(engine, CARD, "Anna")  # not shared
    shared = sc.Scorecard(
        "091", "", (sc.Goal("g1", "Työ", (sc.Item("employment_rate", 2020, 70.0, 74.0),)),), share=True
    )
    store.create(engine, shared, "Helsinki")
    assert store.shared_targets(engine, "employment_rate", ["091", "297"]) == {"091": 74.0}
    assert store.shared_targets(engine, "population", ["091", "297"]) == {}
