"""Test data: a residents' survey open now, the set-up that the survey tests share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from foresight import survey as sv
from foresight import survey_store as store


def open_survey(engine: Any, definition: Any, municipality: str = "297", lang: str = "fi") -> tuple[Any, str]:
    """Create a survey (test data) that opened an hour ago and closes in three days: (survey, owner key)."""
    now = datetime.now(UTC)
    return store.create(
        engine,
        definition,
        municipality=municipality,
        lang=lang,
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=3),
        retain_until=now + timedelta(days=30),
    )


def bilingual_definition() -> Any:
    """Two statements and two areas written in Finnish and in the facilitator's Swedish (test data)."""
    return sv.make_definition(
        "Kunta 2030",
        ["Koulut", "Kirjasto"],
        ["Hyvä asua", "Palvelut lähellä"],
        "Mikä?",
        ["Keskusta", "Kylät"],
        translations={"sv": {"statements": ["Bra att bo", "Service nära"], "areas": ["Centrum", "Byarna"]}},
    )
