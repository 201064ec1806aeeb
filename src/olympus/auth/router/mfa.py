"""The second factor: the second step of a sign-in with a code, the caller's factors, and
enrolling and removing an authenticator app (TOTP)."""

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
from olympus.auth.router.shapes import PREFIX, token_pair, user_out
from olympus.auth.schemas import (
    LoginResponse,
    MfaFactorOut,
    MfaStatusResponse,
    MfaVerifyRequest,
    RecoveryCodesResponse,
    TotpConfirmRequest,
    TotpDisableRequest,
    TotpSetupResponse,
)
from olympus.core.dependencies import ClientIp, UserAgent, database, request_id
from olympus.core.errors import responses

router = APIRouter(prefix=PREFIX, tags=["auth"])


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
    pair = token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    return LoginResponse(**pair, user=user_out(result.user))


@router.get(
    "/mfa",
    response_model=MfaStatusResponse,
    summary="The caller's second factors",
    responses=responses(*BEARER_ERRORS),
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
    responses=responses(*BEARER_ERRORS, e.MfaAlreadyEnrolled),
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
    responses=responses(
        *BEARER_ERRORS, e.InvalidTotpCode, e.MfaSetupNotStarted, e.MfaAlreadyEnrolled
    ),
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
    responses=responses(
        *BEARER_ERRORS, e.InvalidCurrentPassword, e.MfaNotEnrolled, e.TooManyAttempts
    ),
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
