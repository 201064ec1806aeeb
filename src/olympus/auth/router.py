"""HTTP endpoints of authentication: parse, authorize, call the service, shape the answer."""

import uuid
from datetime import datetime

from fastapi import APIRouter, Request, Response, status

from olympus.auth import errors as e
from olympus.auth import service
from olympus.auth.dependencies import (
    BEARER_ERRORS,
    AuthDep,
    CurrentPrincipal,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.models import Passkey
from olympus.auth.schemas import (
    AcceptedResponse,
    LoginRequest,
    LoginResponse,
    MeResponse,
    MfaChallengeResponse,
    MfaFactorOut,
    MfaStatusResponse,
    MfaVerifyRequest,
    PasskeyAuthenticationOptionsRequest,
    PasskeyAuthenticationRequest,
    PasskeyOptionsResponse,
    PasskeyOut,
    PasskeyRegisteredResponse,
    PasskeyRegistrationRequest,
    PasskeyRemoveRequest,
    PasskeyRename,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    RecoveryCodesResponse,
    RefreshRequest,
    RegisterRequest,
    SessionOut,
    TenantRef,
    TokenPair,
    TokenRequest,
    TotpConfirmRequest,
    TotpDisableRequest,
    TotpSetupResponse,
    UserEnvelope,
    UserOut,
)
from olympus.core.dependencies import ClientIp, UserAgent, WriteUoWDep, database, request_id
from olympus.core.errors import TooManyRequests, responses
from olympus.core.pagination import Page, PageParamsDep
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users.errors import EmailTaken
from olympus.platform.users.models import Credentials, User

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
jwks_router = APIRouter(tags=["auth"])

_BEARER = BEARER_ERRORS


def _user_out(user: User | Credentials) -> UserOut:
    return UserOut(
        id=user.id,
        tenant_id=user.tenant_id,
        email=user.email,
        full_name=user.full_name,
        email_verified=user.email_verified,
        created_at=user.created_at,
    )


def _token_pair(
    auth: service.AuthComponents, access_token: str, refresh_token: str, session_ends: datetime
) -> dict[str, object]:
    remaining = int((session_ends - auth.clock.now()).total_seconds())
    return {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": auth.settings.access_token_ttl_seconds,
        "refresh_expires_in": max(0, remaining),
    }


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserEnvelope,
    summary="Create an account in a tenant",
    description=(
        "Creates a user with the `customer` role and emails a verification token. Limited per "
        "client address and per tenant (429 with `Retry-After`)."
    ),
    responses=responses(TenantNotFound, EmailTaken, e.WeakPassword, TooManyRequests),
)
async def register(
    body: RegisterRequest, uow: WriteUoWDep, auth: AuthDep, ip: ClientIp
) -> UserEnvelope:
    user = await service.register(
        uow,
        auth=auth,
        tenant_slug=body.tenant,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        ip=ip,
    )
    return UserEnvelope(user=_user_out(user))


@router.post(
    "/login",
    response_model=LoginResponse | MfaChallengeResponse,
    response_model_exclude_none=True,
    summary="Sign in with email and password",
    description=(
        "Opens a session and returns an access token (JWT, 15 minutes by default) and a "
        "refresh token. A wrong email and a wrong password answer alike. Repeated failures "
        "lock the account (and the client address) for a while: 429 with `Retry-After`. "
        "For a user with a second factor the answer is `{mfa_required: true, mfa_token, "
        "methods}` and no tokens: `POST /api/v1/auth/mfa/verify` completes the sign-in. "
        "When the tenant requires a second factor of a user who has none, the answer says "
        "`mfa_enrollment_required: true` with the deadline; past it, the tokens answer 403 "
        "`mfa_enrollment_required` everywhere but `/auth/mfa...`, `/auth/me` and logout."
    ),
    responses=responses(
        e.InvalidCredentials,
        e.AccountDisabled,
        e.MfaEnrollmentRequired,
        e.EmailNotVerified,
        TenantSuspended,
        e.TooManyAttempts,
    ),
)
async def login(
    body: LoginRequest,
    request: Request,
    auth: AuthDep,
    ip: ClientIp,
    agent: UserAgent,
) -> LoginResponse | MfaChallengeResponse:
    # No unit-of-work dependency: sign-in opens its own short transactions, none of them
    # held while the password hash is checked.
    result = await service.login(
        database(request),
        auth=auth,
        tenant_slug=body.tenant,
        email=body.email,
        password=body.password,
        ip=ip,
        user_agent=agent,
        request_id=request_id(request),
    )
    if isinstance(result, service.MfaChallengeIssued):
        return MfaChallengeResponse(
            mfa_token=result.mfa_token,
            methods=result.methods,
            expires_in=int((result.expires_at - auth.clock.now()).total_seconds()),
        )
    pair = _token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    deadline = result.mfa_enrollment_deadline
    return LoginResponse(
        **pair,
        user=_user_out(result.user),
        mfa_enrollment_required=True if deadline else None,
        mfa_enrollment_deadline=deadline,
    )


@router.post(
    "/refresh",
    response_model=TokenPair,
    summary="Exchange a refresh token for a new pair",
    description=(
        "Rotation: the refresh token presented is spent. Presenting a spent one again answers "
        "401 `token_reused` and revokes the whole session."
    ),
    responses=responses(
        e.InvalidToken,
        e.TokenReused,
        e.TokenRevoked,
        e.SessionExpired,
        e.AccountDisabled,
        TenantSuspended,
    ),
)
async def refresh(body: RefreshRequest, request: Request, auth: AuthDep, ip: ClientIp) -> TokenPair:
    # No unit-of-work dependency: the service opens its own transaction (a lean one on
    # PostgreSQL), as the hottest write of the API.
    result = await service.refresh(
        database(request),
        auth=auth,
        refresh_token=body.refresh_token,
        ip=ip,
        request_id=request_id(request),
    )
    return TokenPair(
        **_token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    )


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this session",
    description="The session's access token is refused from now on, not only at expiry.",
    responses=responses(*_BEARER),
)
async def logout(principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep) -> Response:
    await service.logout(uow, auth=auth, claims=principal.claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/logout-all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End every session of the caller",
    responses=responses(*_BEARER),
)
async def logout_all(
    principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep
) -> Response:
    await service.logout_all(uow, auth=auth, claims=principal.claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/me",
    response_model=MeResponse,
    summary="The caller, with tenant, roles and effective permissions",
    responses=responses(*_BEARER),
)
async def me(principal: CurrentPrincipal, request: Request) -> Response:
    auth: service.AuthComponents = request.app.state.auth
    who = await service.identity(
        database(request), auth=auth, claims=principal.claims, known=principal.known
    )
    body = MeResponse(
        **who.profile,
        tenant=TenantRef.model_validate(who.tenant),
        roles=who.roles,
        permissions=who.permissions,
    )
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/sessions",
    response_model=Page[SessionOut],
    summary="The caller's active sessions",
    responses=responses(*_BEARER),
)
async def sessions(
    principal: CurrentPrincipal,
    uow: TenantReadUoWDep,
    auth: AuthDep,
    page: PageParamsDep,
) -> Page[SessionOut]:
    found, next_cursor = await service.list_sessions(
        uow, auth=auth, user_id=principal.user_id, page=page
    )
    return Page[SessionOut](
        items=[
            SessionOut(
                id=s.id,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                expires_at=s.expires_at,
                user_agent=s.user_agent,
                ip=s.ip,
                current=s.id == principal.session_id,
            )
            for s in found
        ],
        next_cursor=next_cursor,
    )


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke one of the caller's sessions",
    responses=responses(*_BEARER, e.SessionNotFound),
)
async def revoke_session(
    session_id: uuid.UUID,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
) -> Response:
    await service.revoke_session(uow, auth=auth, user_id=principal.user_id, session_id=session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/verify-email",
    response_model=UserEnvelope,
    summary="Confirm an email address with the token that was emailed",
    description="The token works once and expires (24 hours by default).",
    responses=responses(e.InvalidOneTimeToken),
)
async def verify_email(body: TokenRequest, uow: WriteUoWDep, auth: AuthDep) -> UserEnvelope:
    user = await service.verify_email(uow, auth=auth, token=body.token)
    return UserEnvelope(user=_user_out(user))


@router.post(
    "/verify-email/resend",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedResponse,
    summary="Email a new verification token to the caller",
    description="Limited per account and per client address (429 with `Retry-After`).",
    responses=responses(*_BEARER, e.EmailAlreadyVerified, TooManyRequests),
)
async def resend_verification(
    principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep, ip: ClientIp
) -> AcceptedResponse:
    await service.resend_verification(uow, auth=auth, user_id=principal.user_id, ip=ip)
    return AcceptedResponse(detail="A verification email is on its way")


@router.post(
    "/password-reset/request",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedResponse,
    summary="Email a password-reset token",
    description=(
        "Answers 202 whether or not the account exists, so it tells nobody which emails "
        "have accounts. The token works once and expires (1 hour by default)."
    ),
)
async def password_reset_request(
    body: PasswordResetRequest, uow: WriteUoWDep, auth: AuthDep
) -> AcceptedResponse:
    await service.request_password_reset(uow, auth=auth, tenant_slug=body.tenant, email=body.email)
    return AcceptedResponse(detail="If an account exists for this email, a reset link was sent")


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with a reset token",
    description="Every session of the user is revoked.",
    responses=responses(e.InvalidOneTimeToken, e.WeakPassword),
)
async def password_reset_confirm(
    body: PasswordResetConfirm, uow: WriteUoWDep, auth: AuthDep
) -> Response:
    await service.confirm_password_reset(
        uow, auth=auth, token=body.token, new_password=body.new_password
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password/change",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change the caller's password",
    description="Every other session of the user is revoked; this one stays.",
    responses=responses(*_BEARER, e.InvalidCurrentPassword, e.WeakPassword, e.TooManyAttempts),
)
async def password_change(
    body: PasswordChange,
    principal: CurrentPrincipal,
    reader: TenantReadUoWDep,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    ip: ClientIp,
) -> Response:
    # Checked and hashed in a reading transaction; the writing one only stores the result.
    change = await service.check_password_change(
        reader,
        auth=auth,
        claims=principal.claims,
        current_password=body.current_password,
        new_password=body.new_password,
        ip=ip,
    )
    await service.change_password(uow, auth=auth, claims=principal.claims, change=change)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/mfa/verify",
    response_model=LoginResponse,
    response_model_exclude_none=True,
    summary="Complete a sign-in with a second factor",
    description=(
        "Takes the `mfa_token` of `POST /auth/login` and a 6-digit code from the "
        "authenticator or an unused recovery code; answers the token pair (the access token's "
        '`amr` is `["pwd", "otp"]`). The `mfa_token` works once and for 5 minutes; a code '
        "is accepted once; wrong codes count toward the account's lockout (429)."
    ),
    responses=responses(e.InvalidMfaToken, e.InvalidMfaCode, e.AccountDisabled, e.TooManyAttempts),
)
async def mfa_verify(
    body: MfaVerifyRequest, request: Request, auth: AuthDep, ip: ClientIp, agent: UserAgent
) -> LoginResponse:
    result = await service.verify_challenge(
        database(request),
        auth=auth,
        mfa_token=body.mfa_token,
        code=body.code,
        ip=ip,
        user_agent=agent,
        request_id=request_id(request),
    )
    pair = _token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    return LoginResponse(**pair, user=_user_out(result.user))


@router.get(
    "/mfa",
    response_model=MfaStatusResponse,
    summary="The caller's second factors",
    responses=responses(*_BEARER),
)
async def mfa_status(principal: CurrentPrincipal, uow: TenantReadUoWDep) -> MfaStatusResponse:
    found = await service.mfa_status(uow, user_id=principal.user_id)
    factors = []
    if found.totp is not None and found.totp.confirmed_at is not None:
        factors.append(
            MfaFactorOut(
                type="totp",
                created_at=found.totp.created_at,
                confirmed_at=found.totp.confirmed_at,
                last_used_at=found.totp.last_used_at,
            )
        )
    factors += [
        MfaFactorOut(
            type="passkey",
            id=p.id,
            name=p.name,
            created_at=p.created_at,
            confirmed_at=p.created_at,
            last_used_at=p.last_used_at,
        )
        for p in found.passkeys
    ]
    return MfaStatusResponse(
        enabled=bool(factors),
        factors=factors,
        totp_setup_pending=found.totp_pending,
        recovery_codes_left=found.recovery_codes_left if factors else 0,
        enrollment_required=found.enrollment_deadline is not None,
        enrollment_deadline=found.enrollment_deadline,
    )


@router.post(
    "/mfa/totp/setup",
    response_model=TotpSetupResponse,
    summary="Begin enrolling an authenticator app",
    description=(
        "A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 seconds) and its `otpauth://` URI. "
        "Not active until confirmed with a code; the secret is never shown again."
    ),
    responses=responses(*_BEARER, e.MfaAlreadyEnrolled),
)
async def totp_setup(
    principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep
) -> TotpSetupResponse:
    setup = await service.begin_totp_setup(uow, auth=auth, user_id=principal.user_id)
    return TotpSetupResponse(secret=setup.secret, otpauth_uri=setup.otpauth_uri)


@router.post(
    "/mfa/totp/confirm",
    response_model=RecoveryCodesResponse,
    summary="Activate the authenticator with a code from it",
    description=(
        "From now on sign-in asks for a code. Answers ten recovery codes, each usable once "
        "in place of a code, shown only in this answer."
    ),
    responses=responses(*_BEARER, e.InvalidTotpCode, e.MfaSetupNotStarted, e.MfaAlreadyEnrolled),
)
async def totp_confirm(
    body: TotpConfirmRequest, principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep
) -> RecoveryCodesResponse:
    codes = await service.confirm_totp(uow, auth=auth, claims=principal.claims, code=body.code)
    return RecoveryCodesResponse(recovery_codes=codes)


@router.delete(
    "/mfa/totp",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the authenticator (with the current password)",
    description=(
        "Removes the authenticator and the recovery codes; every other session of the user "
        "ends. The body carries the current password."
    ),
    responses=responses(*_BEARER, e.InvalidCurrentPassword, e.MfaNotEnrolled, e.TooManyAttempts),
)
async def totp_disable(
    body: TotpDisableRequest,
    principal: CurrentPrincipal,
    reader: TenantReadUoWDep,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    ip: ClientIp,
) -> Response:
    await service.check_current_password(
        reader, auth=auth, claims=principal.claims, password=body.current_password, ip=ip
    )
    await service.disable_totp(uow, auth=auth, claims=principal.claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- passkeys (WebAuthn) -------------------------------------------------------------------


def _passkey_out(passkey: Passkey) -> PasskeyOut:
    return PasskeyOut(
        id=passkey.id,
        name=passkey.name,
        created_at=passkey.created_at,
        last_used_at=passkey.last_used_at,
        device_type=passkey.device_type,
        backed_up=passkey.backed_up,
        transports=passkey.transports.split(),
        aaguid=passkey.aaguid,
    )


def _options(public_key: dict[str, object]) -> PasskeyOptionsResponse:
    return PasskeyOptionsResponse(
        public_key=public_key, expires_in=int(service.PASSKEY_CHALLENGE_TTL.total_seconds())
    )


@router.post(
    "/passkeys/registration/options",
    response_model=PasskeyOptionsResponse,
    summary="Begin registering a passkey",
    description=(
        "The options of `navigator.credentials.create()` for the caller (WebAuthn JSON): a "
        "fresh challenge bound to this session, valid 5 minutes and once, the caller's "
        "passkeys excluded. Reachable by a session limited to enrolment."
    ),
    responses=responses(*_BEARER, e.PasskeyLimitReached),
)
async def passkey_registration_options(
    principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep
) -> PasskeyOptionsResponse:
    return _options(await service.begin_registration(uow, auth=auth, claims=principal.claims))


@router.post(
    "/passkeys/registration/verify",
    status_code=status.HTTP_201_CREATED,
    response_model=PasskeyRegisteredResponse,
    summary="Finish registering a passkey",
    description=(
        "Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) and an optional "
        "name. The origin, RP id and challenge are checked; the challenge is spent even when "
        "the answer is refused. The first second factor of an account turns two-step sign-in "
        "on and answers ten recovery codes, shown only here. Publishes `passkey.registered`."
    ),
    responses=responses(
        *_BEARER, e.PasskeyRegistrationFailed, e.PasskeyAlreadyRegistered, e.PasskeyLimitReached
    ),
)
async def passkey_registration_verify(
    body: PasskeyRegistrationRequest,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
) -> PasskeyRegisteredResponse:
    registered = await service.finish_registration(
        uow,
        auth=auth,
        claims=principal.claims,
        credential=body.credential.model_dump(by_alias=True, exclude_none=True),
        name=body.name,
        transports=body.credential.response.transports,
    )
    return PasskeyRegisteredResponse(
        passkey=_passkey_out(registered.passkey), recovery_codes=registered.recovery_codes
    )


@router.get(
    "/passkeys",
    response_model=Page[PasskeyOut],
    summary="The caller's passkeys",
    description="Oldest first; at most 10, so always one page.",
    responses=responses(*_BEARER),
)
async def passkey_list(principal: CurrentPrincipal, uow: TenantReadUoWDep) -> Page[PasskeyOut]:
    found = await service.list_passkeys(uow, user_id=principal.user_id)
    return Page[PasskeyOut](items=[_passkey_out(p) for p in found], next_cursor=None)


@router.patch(
    "/passkeys/{passkey_id}",
    response_model=PasskeyOut,
    summary="Rename one of the caller's passkeys",
    responses=responses(*_BEARER, e.PasskeyNotFound),
)
async def passkey_rename(
    passkey_id: uuid.UUID, body: PasskeyRename, principal: CurrentPrincipal, uow: TenantWriteUoWDep
) -> PasskeyOut:
    passkey = await service.rename_passkey(
        uow, user_id=principal.user_id, passkey_id=passkey_id, name=body.name
    )
    return _passkey_out(passkey)


@router.delete(
    "/passkeys/{passkey_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove one of the caller's passkeys",
    description=(
        "Needs `current_password` in the body, unless this session signed in within the "
        "last 5 minutes (403 `reauthentication_required` otherwise). Every other session of "
        "the user ends; removing the last second factor turns two-step sign-in off and drops "
        "the recovery codes. Publishes `passkey.removed`."
    ),
    responses=responses(
        *_BEARER,
        e.PasskeyNotFound,
        e.InvalidCurrentPassword,
        e.ReauthenticationRequired,
        e.TooManyAttempts,
    ),
)
async def passkey_remove(
    passkey_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: TenantReadUoWDep,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    ip: ClientIp,
    body: PasskeyRemoveRequest | None = None,
) -> Response:
    await service.check_reauthentication(
        reader,
        auth=auth,
        claims=principal.claims,
        passkey_id=passkey_id,
        password=body.current_password if body else None,
        ip=ip,
    )
    await service.remove_passkey(uow, auth=auth, claims=principal.claims, passkey_id=passkey_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/passkeys/authentication/options",
    response_model=PasskeyOptionsResponse,
    summary="Begin signing in with a passkey",
    description=(
        "The options of `navigator.credentials.get()`. With `{mfa_token}` (after "
        "`POST /auth/login` answered `mfa_required` with `passkey` among its `methods`): the "
        "user's passkeys, the challenge bound to that sign-in step. With `{tenant, email?}`: "
        "sign-in without a password, user verification required; without an email the "
        "browser offers discoverable passkeys. The challenge is valid 5 minutes and once. "
        "Limited per client address (429)."
    ),
    responses=responses(e.InvalidMfaToken, e.PasskeyNotFound, TenantNotFound, TooManyRequests),
)
async def passkey_authentication_options(
    body: PasskeyAuthenticationOptionsRequest, request: Request, auth: AuthDep, ip: ClientIp
) -> PasskeyOptionsResponse:
    db = database(request)
    if body.mfa_token is not None:
        public_key = await service.second_factor_options(
            db, auth=auth, mfa_token=body.mfa_token, request_id=request_id(request)
        )
    else:
        public_key = await service.passwordless_options(
            db,
            auth=auth,
            tenant_slug=body.tenant or "",
            email=body.email,
            ip=ip,
            request_id=request_id(request),
        )
    return _options(public_key)


@router.post(
    "/passkeys/authentication/verify",
    response_model=LoginResponse,
    response_model_exclude_none=True,
    summary="Sign in with a passkey",
    description=(
        "Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) with the "
        '`mfa_token` (second factor: the access token\'s `amr` is `["pwd", "hwk"]`) or '
        'the `tenant` (passwordless: `amr` `["hwk"]`) → the token pair, as login. Origin, '
        "RP id, challenge, signature and the signature counter are checked; a counter that "
        "did not move forward is refused (401 `passkey_counter_regression`), logged and "
        "emailed to the user. Refusals count toward the account's lockout (429)."
    ),
    responses=responses(
        e.InvalidMfaToken,
        e.PasskeyChallengeInvalid,
        e.InvalidPasskey,
        e.PasskeyCounterRegression,
        e.AccountDisabled,
        e.EmailNotVerified,
        e.TooManyAttempts,
    ),
)
async def passkey_authentication_verify(
    body: PasskeyAuthenticationRequest,
    request: Request,
    auth: AuthDep,
    ip: ClientIp,
    agent: UserAgent,
) -> LoginResponse:
    credential = body.credential.model_dump(by_alias=True, exclude_none=True)
    db = database(request)
    result: service.MfaSignIn | service.PasskeySignIn
    if body.mfa_token is not None:
        result = await service.verify_second_factor(
            db, auth=auth, mfa_token=body.mfa_token, credential=credential, ip=ip,
            user_agent=agent, request_id=request_id(request),
        )  # fmt: skip
    else:
        result = await service.verify_passwordless(
            db, auth=auth, tenant_slug=body.tenant or "", credential=credential, ip=ip,
            user_agent=agent, request_id=request_id(request),
        )  # fmt: skip
    pair = _token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    return LoginResponse(**pair, user=_user_out(result.user))


@jwks_router.get(
    "/.well-known/jwks.json",
    summary="Public keys that verify access tokens",
    description="Empty under HS256; the Ed25519 key under EdDSA.",
)
async def jwks(request: Request) -> dict[str, list[dict[str, str]]]:
    auth: service.AuthComponents = request.app.state.auth
    return auth.signer.jwks()
