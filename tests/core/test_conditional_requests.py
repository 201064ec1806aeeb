"""Conditional requests on every resource that can be changed: reads answer an `ETag` and 304
for `If-None-Match`; a change or deletion with a stale `If-Match` answers 412
`precondition_failed` and changes nothing, with the current tag it goes through and answers
the new tag; without `If-Match` nothing changes from before. On PostgreSQL, editors racing
with one tag: exactly one wins."""

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.fixtures.accounts import Account, TenantInfo, login_owner
from tests.fixtures.problems import assert_problem

_n = itertools.count(1)

Make = Callable[[httpx.AsyncClient, Account], Awaitable[str]]


@dataclass(frozen=True)
class Kind:
    """A kind of resource: how to make one (its URL), a change of it (a new one each call),
    and the URL that deletes it (None: the resource's own URL; "" no deletion)."""

    name: str
    make: Make
    change: Callable[[], dict[str, Any]]
    delete: Callable[[str], str] | None = None
    deletable: bool = True


async def _post(client: httpx.AsyncClient, owner: Account, url: str, body: dict[str, Any]) -> str:
    r = await client.post(url, json=body, headers=owner.headers)
    assert r.status_code == 201, r.text
    return f"{url}/{r.json()['id']}"


def _code() -> str:
    return f"C{uuid.uuid4().hex[:8]}"


async def make_location(client: httpx.AsyncClient, owner: Account) -> str:
    return await _post(
        client,
        owner,
        "/api/v1/locations",
        {
            "name": "Store",
            "code": _code(),
            "kind": "store",
            "timezone": "Europe/Paris",
            "currency": "EUR",
        },
    )


KINDS = [
    Kind("location", make_location, lambda: {"name": f"Store {next(_n)}"}),
]


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request: pytest.FixtureRequest) -> Kind:
    k: Kind = request.param
    return k


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


async def _read(client: httpx.AsyncClient, owner: Account, url: str) -> httpx.Response:
    r = await client.get(url, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.headers["etag"].startswith('"'), r.headers
    return r


async def test_a_read_answers_an_etag_and_304_while_it_holds(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    url = await kind.make(client, owner)
    first = await _read(client, owner, url)
    etag = first.headers["etag"]
    assert (await _read(client, owner, url)).headers["etag"] == etag  # stable
    r = await client.get(url, headers={**owner.headers, "If-None-Match": etag})
    assert r.status_code == 304
    assert r.headers["etag"] == etag
    assert r.content == b""
    for held in (f'W/{etag}, "other"', "*"):
        r = await client.get(url, headers={**owner.headers, "If-None-Match": held})
        assert r.status_code == 304, held
    r = await client.get(url, headers={**owner.headers, "If-None-Match": '"other"'})
    assert r.status_code == 200
    assert r.json() == first.json()


async def test_a_stale_if_match_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    url = await kind.make(client, owner)
    before = await _read(client, owner, url)
    stale = before.headers["etag"]
    r = await client.patch(url, json=kind.change(), headers=owner.headers)  # no If-Match
    assert r.status_code == 200, r.text
    assert r.headers["etag"] != stale
    current = await _read(client, owner, url)
    assert current.headers["etag"] == r.headers["etag"]  # the answer's tag is the read's
    for sent in (stale, f"W/{current.headers['etag']}", '"nonsense"'):
        r = await client.patch(url, json=kind.change(), headers={**owner.headers, "If-Match": sent})
        assert_problem(r, 412, "precondition_failed")
    after = await _read(client, owner, url)
    assert after.json() == current.json()
    assert after.headers["etag"] == current.headers["etag"]


async def test_a_current_if_match_changes_and_answers_the_new_tag(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    url = await kind.make(client, owner)
    etag = (await _read(client, owner, url)).headers["etag"]
    r = await client.patch(
        url, json=kind.change(), headers={**owner.headers, "If-Match": f'"x", {etag}'}
    )
    assert r.status_code == 200, r.text
    new = r.headers["etag"]
    assert new != etag
    after = await _read(client, owner, url)
    assert after.headers["etag"] == new
    assert after.json() == r.json()
    r = await client.patch(url, json=kind.change(), headers={**owner.headers, "If-Match": "*"})
    assert r.status_code == 200, r.text


async def test_a_deletion_with_if_match(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    if not kind.deletable:
        pytest.skip(f"a {kind.name} is not deleted on its own")
    url = await kind.make(client, owner)
    target = kind.delete(url) if kind.delete else url
    etag = (await _read(client, owner, url)).headers["etag"]
    r = await client.patch(url, json=kind.change(), headers=owner.headers)
    assert r.status_code == 200, r.text
    r = await client.delete(target, headers={**owner.headers, "If-Match": etag})
    assert_problem(r, 412, "precondition_failed")
    current = await _read(client, owner, url)  # still there, as it was
    r = await client.delete(target, headers={**owner.headers, "If-Match": current.headers["etag"]})
    assert r.status_code in (200, 204), r.text
    gone = await client.get(url, headers=owner.headers)
    assert gone.status_code == 404 or gone.json() != current.json()


async def test_editors_racing_with_one_tag_exactly_one_wins(
    client: httpx.AsyncClient, owner: Account, kind: Kind, is_postgres: bool
) -> None:
    if not is_postgres:
        pytest.skip("SQLite's writers take turns on the database's one write lock")
    url = await kind.make(client, owner)
    etag = (await _read(client, owner, url)).headers["etag"]
    changes = [kind.change() for _ in range(8)]
    answers = await asyncio.gather(
        *(
            client.patch(url, json=change, headers={**owner.headers, "If-Match": etag})
            for change in changes
        )
    )
    won = [r for r in answers if r.status_code == 200]
    assert len(won) == 1, [r.text for r in answers]
    for r in answers:
        if r.status_code != 200:
            assert_problem(r, 412, "precondition_failed")
    after = await _read(client, owner, url)
    assert after.json() == won[0].json()
    assert after.headers["etag"] == won[0].headers["etag"]
