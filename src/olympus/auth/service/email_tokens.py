"""Single-use tokens sent by email, inside a unit of work: issue one and mail it after
commit, spend one, and the flows built on them (email verification, password reset,
invitations)."""

import contextlib
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import structlog

from olympus.auth.email import EmailTemplate, compose, lifetime, token_link
from olympus.auth.errors import EmailAlreadyVerified, InvalidOneTimeToken
from olympus.auth.models import AuthSession, OneTimeToken, TokenPurpose
from olympus.auth.passwords import check_password_policy
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.sessions import revoke_user_sessions
from olympus.auth.tokens import hash_token, new_opaque_token, parse_opaque_token
from olympus.core.cache import CacheUnavailable
from olympus.core.db import Database, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.settings import service as tenant_settings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.models import User

log = structlog.get_logger("olympus.auth")


async def email_one_time_token(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    user: User,
    purpose: TokenPurpose,
    ttl_seconds: int,
    kind: str,
) -> None:
    """Issue a single-use token and email it (message `kind`, with a link to the app when
    one is configured) once the transaction has committed."""
    token = new_opaque_token(uow.require_tenant())
    now = uow.clock.now()
    uow.session.add(
        OneTimeToken(
            id=new_id(),
            user_id=user.id,
            purpose=purpose.value,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
            used_at=None,
        )
    )
    await send_email(uow, auth=auth, kind=kind, to=user.email, token=token, ttl_seconds=ttl_seconds)


_LINK_PATHS = {
    "verify_email": "email_verify_path",
    "password_reset": "email_reset_path",
    "invitation": "email_invitation_path",
}


async def send_email(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    kind: str,
    to: str,
    token: str = "",
    ttl_seconds: int = 0,
    extra: dict[str, Any] | None = None,
) -> None:
    """Compose a message of the tenant in scope (its app URL and its own templates, if any)
    and send it once the transaction has committed."""
    settings = await tenant_settings.get_tenant_settings(uow)
    tenant = await tenants.find(uow, uow.require_tenant())
    base_url = settings.app_url or auth.settings.public_app_url
    link = ""
    if token and base_url and kind in _LINK_PATHS:
        link = token_link(base_url, getattr(auth.settings, _LINK_PATHS[kind]), token)
    values: dict[str, Any] = {
        "email": to,
        "tenant_name": settings.display_name_override or (tenant.name if tenant else ""),
        "link": link,
        "token": token,
        "expires_in": lifetime(ttl_seconds) if ttl_seconds else "",
        "what": "",
        "occurred_at": uow.clock.now().strftime("%Y-%m-%d %H:%M UTC"),
        **(extra or {}),
    }
    own = settings.email_templates.get(kind)  # type: ignore[call-overload]
    override = EmailTemplate(own.subject, own.text, own.html) if own else None
    message = compose(kind, to=to, values=values, override=override)

    async def _send() -> None:
        auth.send_later(message)

    uow.after_commit(_send)


async def send_security_notice(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user: User, what: str
) -> None:
    """Tell the user of a change to how they sign in (password, second factor)."""
    await send_email(uow, auth=auth, kind="security_notice", to=user.email, extra={"what": what})


async def send_verification(uow: WriteUnitOfWork, *, auth: AuthComponents, user: User) -> None:
    await email_one_time_token(
        uow,
        auth=auth,
        user=user,
        purpose=TokenPurpose.VERIFY_EMAIL,
        ttl_seconds=auth.settings.email_verification_ttl_seconds,
        kind="verify_email",
    )


async def _spend_one_time_token(uow: WriteUnitOfWork, *, token: str, purpose: TokenPurpose) -> User:
    """Check a single-use token and spend it; any failure is the same `invalid_email_token`."""
    parsed = parse_opaque_token(token)
    if parsed is None:
        raise InvalidOneTimeToken("The token is not valid or has expired")
    tenant_id, token_hash = parsed
    try:
        await tenants.enter_tenant_of_session(uow, tenant_id)
    except (TenantNotFound, TenantSuspended) as exc:
        raise InvalidOneTimeToken("The token is not valid or has expired") from exc
    now = uow.clock.now()
    spent = await uow.session.execute(
        sa.update(OneTimeToken)
        .where(
            OneTimeToken.token_hash == token_hash,
            OneTimeToken.purpose == purpose.value,
            OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(OneTimeToken.user_id)
        .execution_options(synchronize_session=False)
    )
    user_id = spent.scalar_one_or_none()
    if user_id is None:
        raise InvalidOneTimeToken("The token is not valid or has expired")
    user = await users.get(uow, user_id)
    if not user.is_active:
        raise InvalidOneTimeToken("The token is not valid or has expired")
    return user


async def verify_email(uow: WriteUnitOfWork, *, auth: AuthComponents, token: str) -> User:
    user = await _spend_one_time_token(uow, token=token, purpose=TokenPurpose.VERIFY_EMAIL)
    if not user.email_verified:
        await users.mark_email_verified(uow, user)
        users.forget_profiles(uow, auth.cache, [user.id])
        record_event(uow, "user.email_verified", {"user_id": str(user.id), "email": user.email})
    return user


async def resend_verification(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID, ip: str = ""
) -> None:
    """Email a new verification token; limited per account and per client address, so
    nobody can flood an inbox through it."""
    limits = auth.settings
    await auth.limiter.take(
        f"verify:user:{user_id}", limit=limits.verification_emails_per_account_per_hour,
        window=3600,
    )  # fmt: skip
    await auth.limiter.take(
        f"verify:ip:{ip}", limit=limits.verification_emails_per_address_per_hour, window=3600
    )
    user = await users.get(uow, user_id)
    if user.email_verified:
        raise EmailAlreadyVerified("This email address is already verified")
    await send_verification(uow, auth=auth, user=user)


async def request_password_reset(
    uow: WriteUnitOfWork, *, auth: AuthComponents, tenant_slug: str, email: str
) -> None:
    """Email a reset token if the account exists; the caller answers 202 either way. The
    limit counts requests per address, known or not, before the first statement."""
    slug = tenant_slug.strip().lower()
    key = f"reset:{slug}:{users.normalise_email(email)}"
    if not await auth.limiter.allow(key, limit=5, window=3600):
        log.info("password_reset_throttled", tenant=slug)
        return
    tenant = await tenants.find_by_slug(uow, slug)
    if tenant is None or not tenants.is_open(tenant.status):
        return
    await uow.set_tenant(tenant.id)
    user = await users.find_by_email(uow, email)
    if user is None or not user.is_active:
        return
    await email_one_time_token(
        uow,
        auth=auth,
        user=user,
        purpose=TokenPurpose.PASSWORD_RESET,
        ttl_seconds=auth.settings.password_reset_ttl_seconds,
        kind="password_reset",
    )
    record_event(uow, "user.password_reset_requested", {"user_id": str(user.id)})


async def confirm_password_reset(
    uow: WriteUnitOfWork, *, auth: AuthComponents, token: str, new_password: str
) -> None:
    password_hash = await auth.hashing.hash(new_password)  # before the first statement
    user = await _spend_one_time_token(uow, token=token, purpose=TokenPurpose.PASSWORD_RESET)
    check_password_policy(new_password, email=user.email)
    await users.set_password_hash(uow, user, password_hash)
    # Other reset tokens of this user die with this one.
    await uow.session.execute(
        sa.update(OneTimeToken)
        .where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == TokenPurpose.PASSWORD_RESET.value,
            OneTimeToken.used_at.is_(None),
        )
        .values(used_at=uow.clock.now())
        .execution_options(synchronize_session=False)
    )
    await revoke_user_sessions(uow, auth=auth, user_id=user.id, reason="password_reset")
    record_event(uow, "user.password_reset", {"user_id": str(user.id)})
    await send_security_notice(uow, auth=auth, user=user, what="Your password was changed")


async def alert_new_device(
    db: Database,
    *,
    auth: AuthComponents,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    email: str,
    session_id: uuid.UUID,
    user_agent: str,
    ip: str,
) -> None:
    """After a sign-in, in the background: email the user when no earlier session of theirs
    had this user agent (not on their very first sign-in), unless they opted out
    (`new_device_alerts` preference). Failures are logged, never raised."""
    # A device seen lately is remembered in the cache: the common sign-in (a known device)
    # costs one cache read here, no transaction.
    known = f"known-device:{user_id}:{hash_token(user_agent[:500])[:32]}"
    with contextlib.suppress(CacheUnavailable):
        if await auth.cache.get(known) is not None:
            return
    try:
        # Decided in a reading transaction: most sign-ins send nothing, and a writing one
        # would take the embedded database's one writer slot for nothing.
        async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id, write=False) as seen:
            earlier = sa.select(sa.func.count(AuthSession.id)).where(
                AuthSession.tenant_id == tenant_id,
                AuthSession.user_id == user_id,
                AuthSession.id != session_id,
            )
            is_first = not await seen.session.scalar(earlier)
            same_agent = earlier.where(AuthSession.user_agent == user_agent[:500])
            if is_first or await seen.session.scalar(same_agent):
                await _remember_device(auth, known)
                return
            preferences = await tenant_settings.get_user_preferences(seen, user_id=user_id)
            if not preferences.new_device_alerts:
                await _remember_device(auth, known)  # the device is known from now on
                return
        device = " ".join(user_agent.split())[:120] or "an unknown device"
        async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id) as uow:
            await send_email(
                uow,
                auth=auth,
                kind="security_notice",
                to=email,
                extra={"what": f"A sign-in from a new device ({device}, address {ip[:64]})"},
            )
        await _remember_device(auth, known)
    except Exception:
        log.exception("new_device_alert_failed", user_id=str(user_id))


KNOWN_DEVICE_TTL_SECONDS = 30 * 86400


async def _remember_device(auth: AuthComponents, key: str) -> None:
    with contextlib.suppress(CacheUnavailable):
        await auth.cache.set(key, "1", ttl=KNOWN_DEVICE_TTL_SECONDS)
