"""The signing secrets sealed at rest: the database holds no secret in the clear, the worker
opens it to sign, and a secret that no longer opens (the service's key changed) fails its
deliveries with the documented error, logged, until the secret is rotated."""

import uuid
from typing import Any

import httpx
import orjson
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.core.sealing import SecretBox
from olympus.platform.webhooks import service
from olympus.platform.webhooks.models import Webhook
from tests.fixtures.accounts import Account, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.platform.webhooks.conftest import URL, Stored, create, eventually
from tests.platform.webhooks.receiver import Receiver
from tests.platform.webhooks.test_deliveries import verify


async def test_the_database_holds_the_secret_sealed(
    app: FastAPI,
    client: httpx.AsyncClient,
    owner: Account,
    tenant: TenantInfo,
    stored: Stored,
    clock: MovableClock,
) -> None:
    created = await create(client, owner.headers)
    table = Webhook.__table__
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
        raw = (
            await uow.session.execute(
                sa.select(table.c.sealed_secret).where(
                    table.c.tenant_id == tenant.id, table.c.id == uuid.UUID(created["id"])
                )
            )
        ).scalar_one()
    assert isinstance(raw, bytes) and created["secret"].encode() not in raw
    assert stored.secret(await stored.webhook(created["id"])) == created["secret"]


async def test_a_secret_that_no_longer_opens_fails_until_rotated(
    app: FastAPI,
    client: httpx.AsyncClient,
    owner: Account,
    tenant: TenantInfo,
    receiver: Receiver,
    stored: Stored,
    clock: MovableClock,
    events: EventLog,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hook = await create(client, owner.headers, url=receiver.url, events=["none.*"])
    item = f"{URL}/{hook['id']}"
    # As if the service's key had changed since the secret was sealed.
    elsewhere = SecretBox(b"k" * 32)
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
        await uow.session.execute(
            sa.update(Webhook)
            .where(Webhook.id == uuid.UUID(hook["id"]))
            .values(sealed_secret=elsewhere.seal(hook["secret"]))
        )
    r = await client.get(item, headers=owner.headers)
    assert r.status_code == 200 and r.json()["needs_secret_rotation"] is True
    listed = (await client.get(URL, headers=owner.headers)).json()["items"]
    assert [w["needs_secret_rotation"] for w in listed] == [True]

    capsys.readouterr()
    r = await client.post(f"{item}/ping", headers=owner.headers)
    assert r.status_code == 202, r.text

    async def disabled() -> Any:
        webhook = await stored.webhook(hook["id"])
        return not webhook.active

    # Each attempt fails without a request, until the endpoint is disabled (5 in tests).
    await eventually(disabled)
    assert receiver.requests == []
    (delivery,) = (await client.get(f"{item}/deliveries", headers=owner.headers)).json()["items"]
    assert (delivery["status"], delivery["attempts"]) == ("pending", 5)
    assert (delivery["last_status_code"], delivery["last_error"]) == (
        None,
        service.SECRET_UNREADABLE,
    )
    lines = capsys.readouterr().err.splitlines()
    logged = [orjson.loads(line) for line in lines if line.startswith("{")]
    unreadable = [e for e in logged if e.get("event") == "webhook_secret_unreadable"]
    assert unreadable and {e["webhook_id"] for e in unreadable} == {hook["id"]}
    (event,) = of(await events.of_type("webhook.disabled"), webhook_id=hook["id"])
    assert event["data"]["changes"]["last_error"] == service.SECRET_UNREADABLE

    # Rotating gives a secret that opens; active again, the waiting delivery goes out signed.
    r = await client.post(f"{item}/rotate-secret", headers=owner.headers)
    assert r.status_code == 200, r.text
    rotated = r.json()
    assert rotated["needs_secret_rotation"] is False
    r = await client.patch(item, json={"active": True}, headers=owner.headers)
    assert r.status_code == 200 and r.json()["needs_secret_rotation"] is False
    (request,) = await receiver.wait_for(1)
    assert verify(
        rotated["secret"],
        request.headers["olympus-signature"],
        request.body,
        now=clock.now().timestamp(),
    )

    async def succeeded() -> Any:
        items = (await client.get(f"{item}/deliveries", headers=owner.headers)).json()["items"]
        return items[0]["status"] == "succeeded"

    await eventually(succeeded)
