"""Time-ordered ids (UUIDv7) and opaque pagination cursors."""

import re
import time
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from olympus.core import ids
from olympus.core.ids import uuid7, uuid7_at
from olympus.core.pagination import InvalidCursor, cursor_uuid, decode_cursor, encode_cursor
from tests.fixtures.accounts import Account
from tests.fixtures.problems import assert_problem


def timestamp_ms(value: uuid.UUID) -> int:
    return value.int >> 80


def test_uuid7_has_version_7_and_the_rfc_variant() -> None:
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    before = time.time_ns() // 1_000_000
    assert before - 5_000 <= timestamp_ms(uuid7()) <= time.time_ns() // 1_000_000 + 1


def test_uuid7_at_dates_an_id_in_the_past_and_sorts_by_that_moment() -> None:
    moment = datetime(2025, 3, 30, 1, 59, 59, 999_000, tzinfo=UTC)
    ms = int(moment.timestamp() * 1000)
    made = [uuid7_at(moment) for _ in range(5_000)] + [uuid7_at(ms + 1) for _ in range(5_000)]
    assert all(v.version == 7 and v.variant == uuid.RFC_4122 for v in made)
    assert {timestamp_ms(v) for v in made} == {ms, ms + 1}
    assert len(set(made)) == len(made)
    assert max(made[:5_000]) < min(made[5_000:]) < uuid7()


def test_uuid7_is_unique_and_time_ordered() -> None:
    made = [uuid7() for _ in range(20_000)]
    assert len(set(made)) == len(made)
    assert made == sorted(made)
    # Ordered as strings too, as they travel in JSON and sort in databases.
    as_text = [str(v) for v in made]
    assert as_text == sorted(as_text)


def test_uuid7_stays_ordered_within_one_millisecond_and_when_time_steps_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now_ns = time.time_ns()
    frozen = SimpleNamespace(time_ns=lambda: now_ns)
    monkeypatch.setattr(ids, "time", frozen)
    same_ms = [uuid7() for _ in range(5_000)]  # more than the 12-bit counter holds
    assert same_ms == sorted(same_ms)
    assert len(set(same_ms)) == len(same_ms)
    assert timestamp_ms(same_ms[0]) == now_ns // 1_000_000

    frozen.time_ns = lambda: now_ns - 2_000_000_000  # the wall clock steps back 2 s
    after = [uuid7() for _ in range(100)]
    assert after == sorted(after)
    assert after[0] > same_ms[-1]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(max_examples=60)
@given(st.dictionaries(st.text(max_size=10), json_values, min_size=1, max_size=4))
def test_a_cursor_round_trips_and_is_url_safe(key: dict[str, Any]) -> None:
    cursor = encode_cursor(key)
    assert re.fullmatch(r"[A-Za-z0-9_-]*", cursor)
    assert decode_cursor(cursor) == key


def test_a_cursor_carries_a_uuid() -> None:
    last = uuid7()
    key = decode_cursor(encode_cursor({"id": str(last), "created_at": "2030-01-01T00:00:00Z"}))
    assert cursor_uuid(key) == last
    with pytest.raises(InvalidCursor):
        cursor_uuid({"id": "not-a-uuid"})
    with pytest.raises(InvalidCursor):
        cursor_uuid({})


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "not base64 at all",
        "é",
        encode_cursor({"id": 1})[:-3] + "@@@",
        "WzEsMiwzXQ",  # [1,2,3]: JSON, but not an object
        "bnVsbA",  # null
        "e30",  # {}: no sort key to continue from
        "e30gew",  # "{} {": trailing garbage
    ],
)
def test_a_bad_cursor_is_invalid(cursor: str) -> None:
    with pytest.raises(InvalidCursor) as caught:
        decode_cursor(cursor)
    assert (caught.value.status, caught.value.code) == (422, "invalid_cursor")


async def test_pages_over_http(client: httpx.AsyncClient, account: Account) -> None:
    for _ in range(2):  # three sessions in all
        r = await client.post(
            "/api/v1/auth/login",
            json={
                "tenant": account.tenant_slug,
                "email": account.email,
                "password": account.password,
            },
        )
        assert r.status_code == 200, r.text

    seen: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        r = await client.get("/api/v1/auth/sessions", params=params, headers=account.headers)
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 3


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"cursor": "!!!"}, "invalid_cursor"),
        ({"cursor": "WzEsMiwzXQ"}, "invalid_cursor"),
        ({"limit": "0"}, "validation_error"),
        ({"limit": "201"}, "validation_error"),
        ({"limit": "ten"}, "validation_error"),
    ],
)
async def test_bad_page_parameters_over_http(
    client: httpx.AsyncClient, account: Account, params: dict[str, str], code: str
) -> None:
    r = await client.get("/api/v1/auth/sessions", params=params, headers=account.headers)
    assert_problem(r, 422, code)
