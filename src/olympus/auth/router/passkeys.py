"""Passkeys (WebAuthn): registering one, listing, renaming and removing the caller's, and
signing in with one (as the second step or alone)."""

import uuid

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
from olympus.auth.router.shapes import PREFIX, token_pair, user_out
from olympus.auth.schemas import (
    LoginResponse,
    PasskeyAuthenticationOptionsRequest,
    PasskeyAuthenticationRequest,
    PasskeyOptionsResponse,
    PasskeyOut,
    PasskeyRegisteredResponse,
    PasskeyRegistrationRequest,
    PasskeyRemoveRequest,
    PasskeyRename,
)
from olympus.core.dependencies import ClientIp, UserAgent, database, request_id
from olympus.core.errors import TooManyRequests, responses
from olympus.core.pagination import Page
from olympus.platform.tenants.errors import TenantNotFound

router = APIRouter(prefix=PREFIX, tags=["auth"])


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
    responses=responses(*BEARER_ERRORS, e.PasskeyLimitReached),
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
        *BEARER_ERRORS,
        e.PasskeyRegistrationFailed,
        e.PasskeyAlreadyRegistered,
        e.PasskeyLimitReached,
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
    responses=responses(*BEARER_ERRORS),
)
async def passkey_list(principal: CurrentPrincipal, uow: TenantReadUoWDep) -> Page[PasskeyOut]:
    found = await service.list_passkeys(uow, user_id=principal.user_id)
    return Page[PasskeyOut](items=[_passkey_out(p) for p in found], next_cursor=None)


@router.patch(
    "/passkeys/{passkey_id}",
    response_model=PasskeyOut,
    summary="Rename one of the caller's passkeys",
    responses=responses(*BEARER_ERRORS, e.PasskeyNotFound),
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
        *BEARER_ERRORS,
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
    pair = token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    return LoginResponse(**pair, user=user_out(result.user))
