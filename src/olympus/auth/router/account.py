"""The account's email address and password: verification, reset by email, change."""

from fastapi import APIRouter, Response, status

from olympus.auth import errors as e
from olympus.auth import service
from olympus.auth.dependencies import (
    BEARER_ERRORS,
    AuthDep,
    CurrentPrincipal,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.router.shapes import PREFIX, user_out
from olympus.auth.schemas import (
    AcceptedResponse,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    TokenRequest,
    UserEnvelope,
)
from olympus.core.dependencies import ClientIp, WriteUoWDep
from olympus.core.errors import TooManyRequests, responses

router = APIRouter(prefix=PREFIX, tags=["auth"])


@router.post(
    "/verify-email",
    response_model=UserEnvelope,
    summary="Confirm an email address with the token that was emailed",
    description="The token works once and expires (24 hours by default).",
    responses=responses(e.InvalidOneTimeToken),
)
async def verify_email(body: TokenRequest, uow: WriteUoWDep, auth: AuthDep) -> UserEnvelope:
    user = await service.verify_email(uow, auth=auth, token=body.token)
    return UserEnvelope(user=user_out(user))


@router.post(
    "/verify-email/resend",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedResponse,
    summary="Email a new verification token to the caller",
    description="Limited per account and per client address (429 with `Retry-After`).",
    responses=responses(*BEARER_ERRORS, e.EmailAlreadyVerified, TooManyRequests),
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
    responses=responses(
        *BEARER_ERRORS, e.InvalidCurrentPassword, e.WeakPassword, e.TooManyAttempts
    ),
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
