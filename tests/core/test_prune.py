"""Housekeeping: what `olympus prune` removes, and what it keeps."""

import uuid

import sqlalchemy as sa
from fastapi import FastAPI

from olympus.auth import service as auth_service
from olympus.auth.models import AuthSession, OneTimeToken, RefreshToken
from olympus.core import events
from olympus.core.db import Database
from olympus.core.events import OutboxEvent
from tests.fixtures.accounts import Account, AccountFactory, TenantInfo
from tests.fixtures.apps import MovableClock


async def _count(db: Database, clock: MovableClock, model: type, tenant: TenantInfo) -> int:
    async with db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
        return int(await uow.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


async def test_prune_removes_what_ended_long_ago_and_keeps_the_rest(
    app: FastAPI,
    db: Database,
    clock: MovableClock,
    tenant: TenantInfo,
    account: Account,
    make_account: AccountFactory,
) -> None:
    # `account` logged in (a live session); its registration email token is unused.
    ended = await make_account(tenant)
    async with db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
        await auth_service.revoke_user_sessions(
            uow, auth=app.state.auth, user_id=uuid.UUID(ended.user_id), reason="test"
        )
    await app.state.relay.drain()
    assert await _count(db, clock, OutboxEvent, tenant) > 0
    sessions_before = await _count(db, clock, AuthSession, tenant)

    async def prune() -> int:
        async with db.unit_of_work(clock=clock, system=True) as uow:
            return await events.prune_published(
                uow, older_than_days=30
            ) + await auth_service.prune_ended_sessions(
                uow, older_than_days=30, idle_timeout_seconds=14 * 86400
            )

    events_before = await _count(db, clock, OutboxEvent, tenant)
    await prune()  # nothing of this tenant is old enough yet (other tests' rows may be)
    assert await _count(db, clock, AuthSession, tenant) == sessions_before
    assert await _count(db, clock, OutboxEvent, tenant) == events_before

    clock.advance(days=31)
    assert await prune() > 0
    assert await _count(db, clock, OutboxEvent, tenant) == 0
    # The revoked session went, with its refresh token; the live one (30-day lifetime,
    # within its idle timeout) stays, and still refreshes.
    async with db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as reader:
        left = set((await reader.session.scalars(sa.select(AuthSession.id))).all())
        refresh_sessions = set(
            (await reader.session.scalars(sa.select(RefreshToken.session_id))).all()
        )
    assert left == {uuid.UUID(account.session_id)}
    assert refresh_sessions == left
    assert await _count(db, clock, OneTimeToken, tenant) == 0  # spent or expired tokens
