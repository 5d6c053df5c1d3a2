"""A participant's seat survives a page reload: the token round trip and the cookie's guard rails."""

from __future__ import annotations

import pytest

from foresight.ui import seat
from foresight.workshop import service

from .conftest import STEPS


def test_display_name_comes_back_for_the_token(engine):
    created = service.create_workshop(engine, "Testipaja", "091", "", STEPS)
    named = service.join(engine, created.join_code, "Anna")
    anonymous = service.join(engine, created.join_code, None)
    assert service.display_name(engine, named.token) == "Anna"
    assert service.display_name(engine, anonymous.token) is None
    with pytest.raises(service.Forbidden):
        service.display_name(engine, f"{named.participant_id}.{'x' * 43}")


def test_only_issued_token_shapes_pass(engine):
    created = service.create_workshop(engine, "Testipaja", "091", "", STEPS)
    token = service.join(engine, created.join_code, "Bo").token
    assert seat.valid_token(token)
    for bad in ("", "abc", "1.short", "1.'+alert(1)+'aaaaaaaaaaaaaaaaaaaa", f"{token};x=1", None, 5):
        assert not seat.valid_token(bad), bad


def test_cookie_script_carries_only_the_code_and_token():
    token = "12." + "A" * 43
    script = seat._script("ab-c 234", token, seat.MAX_AGE_S)
    assert "kl_seat_ABC234=" + token in script and "max-age=86400" in script
    assert seat._script("ABC234", "", 0).count("max-age=0") == 1
    assert seat.cookie_name(" abc234 ") == "kl_seat_ABC234"
    assert not seat._code_ok("ABC<1>") and seat._code_ok("ABC234")
