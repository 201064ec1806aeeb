"""Tenant settings and user preferences: defaults, partial changes and resets, per-key
validation that changes nothing, who may read and write, isolation between users and
tenants, audit rows and events, and concurrent writers that never lose a key."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.platform.audit.models import AuditLog
from olympus.platform.settings import service
from olympus.platform.settings.models import StoredTenantSettings
from olympus.platform.settings.schemas import TenantSettingsUpdate
from tests.fixtures.accounts import PASSWORD, Account, AccountFactory, TenantFactory, TenantInfo
from tests.fixtures.apps import Backend, MovableClock
from tests.fixtures.messages import EventLog
from tests.fixtures.platform_api import create_location
from tests.fixtures.problems import assert_problem

SETTINGS = "/api/v1/settings"
PREFERENCES = "/api/v1/users/me/preferences"

DEFAULT_SETTINGS: dict[str, Any] = {
    "display_name_override": None,
    "default_currency": "USD",
    "default_timezone": "UTC",
    "default_locale": "en",
    "order_number_prefix": "ORD-",
    "prices_include_tax": False,
    "tax_rates": [],
    "require_email_verification": False,
    "session_idle_timeout_minutes": 20160,
    "audit_retention_days": 365,
    "mfa_required_roles": [],
    "mfa_grace_period_days": 14,
    "mfa_required_since": None,
    "app_url": None,
    "email_templates": {},
}
DEFAULT_PREFERENCES = {
    "locale": "en",
    "timezone": "UTC",
    "theme": "system",
    "email_notifications": True,
    "new_device_alerts": True,
    "items_per_page": 50,
}


async def sign_in_owner(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/login",
        json={
            "tenant": tenant.slug,
            "email": tenant.owner_email,
            "password": tenant.owner_password,
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def audit_rows(db: Database, tenant_id: uuid.UUID, action: str) -> list[AuditLog]:
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant_id, write=False) as uow:
        stmt = sa.select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        return list((await uow.session.scalars(stmt)).all())


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, str]:
    return await sign_in_owner(client, tenant)


# --- reading and changing -------------------------------------------------------------------


async def test_every_key_has_its_default_until_set(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    r = await client.get(SETTINGS, headers=owner)
    assert r.status_code == 200, r.text
    assert r.json() == DEFAULT_SETTINGS
    r = await client.get(PREFERENCES, headers=owner)
    assert r.status_code == 200, r.text
    assert r.json() == DEFAULT_PREFERENCES


async def test_put_changes_only_the_keys_given_and_answers_the_full_set(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    r = await client.put(
        SETTINGS, headers=owner, json={"default_currency": "EUR", "prices_include_tax": True}
    )
    assert r.status_code == 200, r.text
    expected = {**DEFAULT_SETTINGS, "default_currency": "EUR", "prices_include_tax": True}
    assert r.json() == expected

    r = await client.put(
        SETTINGS,
        headers=owner,
        json={"default_timezone": "Europe/Paris", "display_name_override": "  Chez Nous  "},
    )
    assert r.status_code == 200, r.text
    expected |= {"default_timezone": "Europe/Paris", "display_name_override": "Chez Nous"}
    assert r.json() == expected
    assert (await client.get(SETTINGS, headers=owner)).json() == expected


async def test_null_resets_a_key_to_its_default(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    r = await client.put(
        SETTINGS,
        headers=owner,
        json={"order_number_prefix": "A-1", "audit_retention_days": 90, "default_locale": "fr"},
    )
    assert r.status_code == 200, r.text
    r = await client.put(
        SETTINGS, headers=owner, json={"order_number_prefix": None, "audit_retention_days": None}
    )
    assert r.status_code == 200, r.text
    assert r.json() == {**DEFAULT_SETTINGS, "default_locale": "fr"}

    r = await client.put(PREFERENCES, headers=owner, json={"theme": "dark", "items_per_page": 200})
    expected = {**DEFAULT_PREFERENCES, "locale": "fr", "items_per_page": 200}
    assert r.json() == {**expected, "theme": "dark"}
    r = await client.put(PREFERENCES, headers=owner, json={"theme": None})
    assert r.json() == expected


async def test_what_get_answers_can_be_put_back_as_is(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    for path in (SETTINGS, PREFERENCES):
        current = (await client.get(path, headers=owner)).json()
        r = await client.put(path, headers=owner, json=current)
        assert r.status_code == 200, r.text
        assert r.json() == current


async def test_codes_and_tags_are_read_in_their_canonical_case(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    r = await client.put(
        SETTINGS, headers=owner, json={"default_currency": "jpy", "default_locale": "zh-hant-tw"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["default_currency"] == "JPY"
    assert r.json()["default_locale"] == "zh-Hant-TW"
    r = await client.put(PREFERENCES, headers=owner, json={"locale": "PT-br"})
    assert r.json()["locale"] == "pt-BR"


async def test_preferences_follow_the_tenant_defaults_until_the_user_chooses(
    client: httpx.AsyncClient, owner: dict[str, str], account: Account
) -> None:
    r = await client.put(
        SETTINGS, headers=owner, json={"default_locale": "fr-FR", "default_timezone": "Asia/Tokyo"}
    )
    assert r.status_code == 200, r.text
    r = await client.get(PREFERENCES, headers=account.headers)
    assert r.json() == {**DEFAULT_PREFERENCES, "locale": "fr-FR", "timezone": "Asia/Tokyo"}

    r = await client.put(PREFERENCES, headers=account.headers, json={"locale": "de"})
    assert r.json()["locale"] == "de"
    r = await client.put(PREFERENCES, headers=account.headers, json={"locale": None})
    assert r.json()["locale"] == "fr-FR"


async def test_an_empty_put_changes_nothing_and_audits_nothing(
    client: httpx.AsyncClient, owner: dict[str, str], tenant: TenantInfo, db: Database
) -> None:
    for path, expected in ((SETTINGS, DEFAULT_SETTINGS), (PREFERENCES, DEFAULT_PREFERENCES)):
        r = await client.put(path, headers=owner, json={})
        assert r.status_code == 200, r.text
        assert r.json() == expected
    assert await audit_rows(db, tenant.id, "settings.updated") == []
    assert await audit_rows(db, tenant.id, "preferences.updated") == []


async def test_the_schema_documents_every_key(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.get(f"{SETTINGS}/schema", headers=account.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    settings = body["tenant_settings"]["properties"]
    assert settings.keys() == DEFAULT_SETTINGS.keys()
    assert settings["session_idle_timeout_minutes"]["minimum"] == 5
    assert settings["session_idle_timeout_minutes"]["default"] == 20160
    assert all(p.get("description") for p in settings.values())
    preferences = body["user_preferences"]["properties"]
    assert preferences.keys() == DEFAULT_PREFERENCES.keys()
    assert preferences["theme"]["enum"] == ["light", "dark", "system"]


# --- validation -----------------------------------------------------------------------------


async def test_an_unknown_key_is_refused_and_nothing_changes(
    client: httpx.AsyncClient, owner: dict[str, str], tenant: TenantInfo, db: Database
) -> None:
    r = await client.put(
        SETTINGS, headers=owner, json={"default_currency": "EUR", "tenant_id": str(uuid.uuid4())}
    )
    body = assert_problem(r, 422, "validation_error")
    assert body["errors"] == [{"loc": ["body", "tenant_id"], "msg": "unknown field"}]
    r = await client.put(PREFERENCES, headers=owner, json={"theme": "dark", "font": "serif"})
    body = assert_problem(r, 422, "validation_error")
    assert body["errors"] == [{"loc": ["body", "font"], "msg": "unknown field"}]

    assert (await client.get(SETTINGS, headers=owner)).json() == DEFAULT_SETTINGS
    assert (await client.get(PREFERENCES, headers=owner)).json() == DEFAULT_PREFERENCES
    assert await audit_rows(db, tenant.id, "settings.updated") == []


BAD_SETTINGS = [
    ("display_name_override", 42),
    ("display_name_override", "x" * 201),
    ("display_name_override", "   "),
    ("default_currency", "XYZ"),
    ("default_currency", "EURO"),
    ("default_currency", 978),
    ("default_timezone", "Mars/Olympus_Mons"),
    ("default_timezone", ["UTC"]),
    ("default_locale", "english"),
    ("default_locale", "en_US"),
    ("order_number_prefix", "ord-"),
    ("order_number_prefix", "TOO-LONG-PREFIX"),
    ("prices_include_tax", "true"),
    ("prices_include_tax", 1),
    ("require_email_verification", "yes"),
    ("session_idle_timeout_minutes", "60"),
    ("session_idle_timeout_minutes", 60.5),
    ("session_idle_timeout_minutes", True),
    ("session_idle_timeout_minutes", 4),
    ("session_idle_timeout_minutes", 43201),
    ("audit_retention_days", 29),
    ("audit_retention_days", 3651),
    ("audit_retention_days", {"days": 90}),
]
BAD_PREFERENCES = [
    ("locale", 7),
    ("locale", "fr--FR"),
    ("timezone", "Europe/Atlantis"),
    ("theme", "blue"),
    ("theme", True),
    ("email_notifications", "false"),
    ("email_notifications", 0),
    ("items_per_page", 9),
    ("items_per_page", 201),
    ("items_per_page", "50"),
]


async def test_a_bad_setting_is_refused_naming_its_key(
    client: httpx.AsyncClient, owner: dict[str, str], tenant: TenantInfo, db: Database
) -> None:
    for key, value in BAD_SETTINGS:
        # A valid key beside the bad one is not stored either.
        r = await client.put(SETTINGS, headers=owner, json={"default_currency": "GBP", key: value})
        body = assert_problem(r, 422, "validation_error")
        assert [e["loc"][:2] for e in body["errors"]] == [["body", key]], (key, value, body)
        assert key in body["detail"], (key, value, body)
    assert (await client.get(SETTINGS, headers=owner)).json() == DEFAULT_SETTINGS
    assert await audit_rows(db, tenant.id, "settings.updated") == []


async def test_a_bad_preference_is_refused_naming_its_key(
    client: httpx.AsyncClient, account: Account
) -> None:
    for key, value in BAD_PREFERENCES:
        r = await client.put(
            PREFERENCES, headers=account.headers, json={"theme": "dark", key: value}
        )
        body = assert_problem(r, 422, "validation_error")
        assert [e["loc"][:2] for e in body["errors"]] == [["body", key]], (key, value, body)
    payloads: tuple[object, ...] = ([], "theme=dark", None, 5)
    for payload in payloads:
        r = await client.put(PREFERENCES, headers=account.headers, json=payload)
        assert_problem(r, 422, "validation_error")
    assert (await client.get(PREFERENCES, headers=account.headers)).json() == DEFAULT_PREFERENCES


async def test_a_stored_value_that_no_longer_passes_falls_back_to_its_default(
    client: httpx.AsyncClient, owner: dict[str, str], tenant: TenantInfo, db: Database
) -> None:
    """A zone withdrawn from the tz database must not break every read of the settings."""
    r = await client.put(SETTINGS, headers=owner, json={"default_currency": "EUR"})
    assert r.status_code == 200, r.text
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
        await uow.session.execute(
            sa.update(StoredTenantSettings).values(
                overrides={"default_currency": "EUR", "default_timezone": "Gone/Away"}
            )
        )
    r = await client.get(SETTINGS, headers=owner)
    assert r.status_code == 200, r.text
    assert r.json() == {**DEFAULT_SETTINGS, "default_currency": "EUR"}


# --- who may read and write -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", SETTINGS),
        ("PUT", SETTINGS),
        ("GET", f"{SETTINGS}/schema"),
        ("GET", PREFERENCES),
        ("PUT", PREFERENCES),
    ],
)
async def test_every_endpoint_needs_a_token(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    r = await client.request(method, path, json={"theme": "dark"})
    assert_problem(r, 401, "not_authenticated")
    assert r.headers["www-authenticate"] == "Bearer"


async def test_a_customer_reads_the_settings_but_may_not_change_them(
    client: httpx.AsyncClient, account: Account, owner: dict[str, str]
) -> None:
    r = await client.get(SETTINGS, headers=account.headers)
    assert r.status_code == 200, r.text
    assert r.json() == DEFAULT_SETTINGS
    r = await client.put(SETTINGS, headers=account.headers, json={"default_currency": "EUR"})
    assert_problem(r, 403, "permission_denied")
    assert (await client.get(SETTINGS, headers=owner)).json() == DEFAULT_SETTINGS
    # Their own preferences are theirs to change.
    r = await client.put(PREFERENCES, headers=account.headers, json={"theme": "light"})
    assert r.status_code == 200, r.text


async def test_preferences_belong_to_one_user(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    alice, bob = await make_account(tenant), await make_account(tenant)
    r = await client.put(
        PREFERENCES, headers=alice.headers, json={"theme": "dark", "email_notifications": False}
    )
    assert r.status_code == 200, r.text
    assert (await client.get(PREFERENCES, headers=bob.headers)).json() == DEFAULT_PREFERENCES
    r = await client.put(PREFERENCES, headers=bob.headers, json={"theme": "light"})
    assert r.json()["theme"] == "light"
    alices = (await client.get(PREFERENCES, headers=alice.headers)).json()
    assert alices == {**DEFAULT_PREFERENCES, "theme": "dark", "email_notifications": False}


async def test_each_tenant_sees_only_its_own_settings(
    client: httpx.AsyncClient, make_tenant: TenantFactory, make_account: AccountFactory
) -> None:
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    owner_a, owner_b = await sign_in_owner(client, tenant_a), await sign_in_owner(client, tenant_b)
    r = await client.put(
        SETTINGS, headers=owner_a, json={"default_currency": "EUR", "default_locale": "fr"}
    )
    assert r.status_code == 200, r.text

    member_b = await make_account(tenant_b)
    for headers in (owner_b, member_b.headers):
        assert (await client.get(SETTINGS, headers=headers)).json() == DEFAULT_SETTINGS
    assert (await client.get(PREFERENCES, headers=member_b.headers)).json()["locale"] == "en"

    r = await client.put(SETTINGS, headers=owner_b, json={"default_currency": "CHF"})
    assert r.json()["default_currency"] == "CHF"
    a = (await client.get(SETTINGS, headers=owner_a)).json()
    assert a == {**DEFAULT_SETTINGS, "default_currency": "EUR", "default_locale": "fr"}


async def test_other_domains_read_the_settings_through_the_service(
    client: httpx.AsyncClient, owner: dict[str, str], tenant: TenantInfo, db: Database
) -> None:
    r = await client.put(SETTINGS, headers=owner, json={"order_number_prefix": "SHOP-"})
    assert r.status_code == 200, r.text
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
        settings = await service.get_tenant_settings(uow)
    assert settings.order_number_prefix == "SHOP-"
    assert settings.default_currency == "USD"


# --- audit and events -----------------------------------------------------------------------


async def test_a_settings_change_is_audited_and_published(
    client: httpx.AsyncClient,
    owner: dict[str, str],
    tenant: TenantInfo,
    db: Database,
    events: EventLog,
) -> None:
    r = await client.put(SETTINGS, headers=owner, json={"default_currency": "EUR"})
    assert r.status_code == 200, r.text
    r = await client.put(
        SETTINGS, headers=owner, json={"default_currency": None, "require_email_verification": True}
    )
    assert r.status_code == 200, r.text

    first, second = await audit_rows(db, tenant.id, "settings.updated")
    assert first.actor_id == tenant.owner_id
    assert (first.target_type, first.target_id) == ("tenant_settings", str(tenant.id))
    assert first.changes == {"default_currency": {"from": "USD", "to": "EUR"}}
    assert second.changes == {
        "default_currency": {"from": "EUR", "to": "USD"},
        "require_email_verification": {"from": False, "to": True},
    }
    published = [
        e for e in await events.of_type("settings.updated") if e["tenant_id"] == str(tenant.id)
    ]
    assert [e["data"]["changes"] for e in published] == [first.changes, second.changes]


async def test_a_preferences_change_is_audited_and_published(
    client: httpx.AsyncClient, account: Account, db: Database, events: EventLog
) -> None:
    r = await client.put(PREFERENCES, headers=account.headers, json={"items_per_page": 100})
    assert r.status_code == 200, r.text

    [row] = await audit_rows(db, account.tenant_id, "preferences.updated")
    assert str(row.actor_id) == account.user_id
    assert (row.target_type, row.target_id) == ("user", account.user_id)
    assert row.changes == {"items_per_page": {"from": 50, "to": 100}}
    [event] = [
        e
        for e in await events.of_type("user.preferences_updated")
        if e["data"]["user_id"] == account.user_id
    ]
    assert event["tenant_id"] == str(account.tenant_id)
    assert event["data"]["changes"] == row.changes


# --- concurrent writers ---------------------------------------------------------------------


async def test_concurrent_writers_of_different_keys_lose_none(
    client: httpx.AsyncClient, owner: dict[str, str], tenant: TenantInfo, db: Database
) -> None:
    """Ten writers at once on a tenant with no settings row yet (so they also race to create
    it): every key written is kept, and each audit row saw the state its predecessor left."""
    writes: list[dict[str, Any]] = [
        {"display_name_override": "Ten at once"},
        {"default_currency": "EUR"},
        {"default_timezone": "America/New_York"},
        {"default_locale": "es-419"},
        {"order_number_prefix": "X-"},
        {"prices_include_tax": True},
        {"require_email_verification": True},
        {"session_idle_timeout_minutes": 60},
        {"audit_retention_days": 730},
        {"default_currency": "GBP"},
    ]
    answers = await asyncio.gather(
        *(client.put(SETTINGS, headers=owner, json=body) for body in writes)
    )
    assert [r.status_code for r in answers] == [200] * len(writes), [r.text for r in answers]

    final = (await client.get(SETTINGS, headers=owner)).json()
    for body in writes:
        if "default_currency" not in body:
            assert final.items() >= body.items(), final
    assert final["default_currency"] in {"EUR", "GBP"}

    rows = await audit_rows(db, tenant.id, "settings.updated")
    assert len(rows) == len(writes)
    currency = [r.changes["default_currency"] for r in rows if "default_currency" in r.changes]
    # Serialised: the second currency writer saw the first one's value, not the default.
    assert sorted(c["from"] for c in currency) == sorted(["USD", currency[0]["to"]])
    assert final["default_currency"] == currency[-1]["to"]


async def test_concurrent_writers_of_one_key_form_one_chain(
    client: httpx.AsyncClient, account: Account, db: Database
) -> None:
    """Ten values of one key at once: the last one stored wins, no request fails, and the
    audit rows link up from the default to the final value with no value seen twice (a lost
    update would show two rows starting from the same value)."""
    values = [10 + 15 * i for i in range(10)]
    answers = await asyncio.gather(
        *(
            client.put(PREFERENCES, headers=account.headers, json={"items_per_page": v})
            for v in values
        )
    )
    assert [r.status_code for r in answers] == [200] * len(values), [r.text for r in answers]
    final = (await client.get(PREFERENCES, headers=account.headers)).json()["items_per_page"]
    assert final in values

    rows = await audit_rows(db, account.tenant_id, "preferences.updated")
    steps = {r.changes["items_per_page"]["from"]: r.changes["items_per_page"]["to"] for r in rows}
    assert len(rows) == len(values) and len(steps) == len(values)
    seen, current = [], 50
    while current in steps:
        current = steps.pop(current)
        seen.append(current)
    assert steps == {} and current == final and sorted(seen) == sorted(values)


async def wait_until_waiting(db: Database, backend: Backend, task: "asyncio.Task[Any]") -> None:
    """Until the task is queued behind another transaction's lock. (`pg_locks` is readable by
    the application role; the wait columns of `pg_stat_activity` are not.)"""
    for attempt in range(100):
        assert not task.done(), task.result()
        if backend.is_postgres:
            async with db.engine.connect() as conn:
                waiting = await conn.scalar(
                    sa.text(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                        " WHERE NOT l.granted AND a.datname = current_database()"
                    )
                )
            if waiting:
                return
        elif attempt >= 5:  # SQLite: the writer waits for the database's write lock
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the second writer never waited for the first")


@pytest.mark.parametrize("row_exists", [True, False], ids=["row-exists", "first-write"])
async def test_a_second_writer_waits_for_the_first_and_sees_its_change(
    db: Database, backend: Backend, make_tenant: TenantFactory, row_exists: bool
) -> None:
    tenant = await make_tenant()
    if row_exists:
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await service.update_tenant_settings(
                uow, update=TenantSettingsUpdate(audit_retention_days=90)
            )
    holding, release = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            update = TenantSettingsUpdate(default_currency="EUR")
            await service.update_tenant_settings(uow, update=update)
            holding.set()
            await release.wait()

    async def second() -> Any:
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            update = TenantSettingsUpdate(prices_include_tax=True)
            return await service.update_tenant_settings(uow, update=update)

    first_task = asyncio.create_task(first())
    await holding.wait()
    second_task = asyncio.create_task(second())
    await wait_until_waiting(db, backend, second_task)
    release.set()
    await first_task
    result = await second_task
    assert result.default_currency == "EUR" and result.prices_include_tax is True
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as reader:
        stored = await service.get_tenant_settings(reader)
    assert stored == result
    assert stored.audit_retention_days == (90 if row_exists else 365)


async def test_settings_that_shape_sign_in_take_effect(
    client: httpx.AsyncClient, tenant: TenantInfo, clock: MovableClock
) -> None:
    """`require_email_verification` and `session_idle_timeout_minutes` are enforced, not just
    stored."""
    owner = await sign_in_owner(client, tenant)
    email, password = "late@example.com", PASSWORD
    r = await client.post(
        "/api/v1/auth/register", json={"tenant": tenant.slug, "email": email, "password": password}
    )
    assert r.status_code == 201
    r = await client.put(
        SETTINGS,
        headers=owner,
        json={"require_email_verification": True, "session_idle_timeout_minutes": 5},
    )
    assert r.status_code == 200, r.text
    login = {"tenant": tenant.slug, "email": email, "password": password}
    assert_problem(await client.post("/api/v1/auth/login", json=login), 403, "email_not_verified")

    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": password},
    )
    assert r.status_code == 200  # the owner (created verified) signs in
    refresh_token = r.json()["refresh_token"]
    clock.advance(minutes=6)
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert_problem(r, 401, "session_expired")


# --- tax rates --------------------------------------------------------------------------------


async def test_tax_rates_are_set_per_class_tenant_wide_and_per_location(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    store = await create_location(client, owner)
    rates = [
        {"tax_class": "standard", "rate": 20, "location_id": None},
        {"tax_class": "reduced", "rate": 5.5, "location_id": None},
        {"tax_class": "standard", "rate": 8.875, "location_id": store["id"]},
    ]
    r = await client.put(SETTINGS, headers=owner, json={"tax_rates": rates})
    assert r.status_code == 200, r.text
    assert r.json()["tax_rates"] == rates
    assert (await client.get(SETTINGS, headers=owner)).json()["tax_rates"] == rates


@pytest.mark.parametrize(
    "rates",
    [
        [{"tax_class": "standard", "rate": 101}],
        [{"tax_class": "standard", "rate": -1}],
        [{"tax_class": "standard", "rate": 1.23456}],
        [{"tax_class": "Not A Class!", "rate": 5}],
        [{"tax_class": "standard", "rate": 5, "extra": 1}],
        [{"tax_class": "standard", "rate": 5}, {"tax_class": "standard", "rate": 7}],
    ],
)
async def test_bad_tax_rates_are_refused_and_change_nothing(
    client: httpx.AsyncClient, owner: dict[str, str], rates: list[dict[str, Any]]
) -> None:
    r = await client.put(SETTINGS, headers=owner, json={"tax_rates": rates})
    assert_problem(r, 422, "validation_error")
    assert (await client.get(SETTINGS, headers=owner)).json()["tax_rates"] == []


async def test_a_tax_rate_for_another_tenants_location_is_not_found(
    client: httpx.AsyncClient, owner: dict[str, str], make_tenant: TenantFactory
) -> None:
    other = await sign_in_owner(client, await make_tenant())
    theirs = await create_location(client, other)
    rates = [{"tax_class": "standard", "rate": 20, "location_id": theirs["id"]}]
    r = await client.put(SETTINGS, headers=owner, json={"tax_rates": rates})
    assert_problem(r, 404, "location_not_found")
    rates[0]["location_id"] = str(uuid.uuid4())
    assert_problem(
        await client.put(SETTINGS, headers=owner, json={"tax_rates": rates}),
        404,
        "location_not_found",
    )
    assert (await client.get(SETTINGS, headers=owner)).json()["tax_rates"] == []
