"""Tenants and platform operators: create-tenant (with its system roles and owner) and
create-admin, each with its audit row."""

from typing import TYPE_CHECKING, Annotated

import typer

from olympus.cli.running import (
    audit_cli,
    checked_settings,
    cli_request_id,
    read_password,
    run_with_app,
)

if TYPE_CHECKING:
    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database

# The application's modules are imported inside each command, when it runs: see the note in
# the package's docstring.


def create_admin(
    email: Annotated[str, typer.Option(help="The operator's email")],
    password: Annotated[str | None, typer.Option(help="Asked for when omitted")] = None,
    full_name: Annotated[str, typer.Option("--name", help="The operator's name")] = "",
) -> None:
    """Create a platform operator (a user of the reserved `platform` tenant)."""
    from olympus.accounts import service as accounts  # late: see the note at the top

    checked_settings()  # a bad setting is told before a password is asked for
    secret = read_password(password, "Password", "--password")

    async def action(db: "Database", auth: "AuthComponents") -> object:
        async with db.unit_of_work(clock=auth.clock, request_id=cli_request_id()) as uow:
            user = await accounts.create_operator(
                uow, auth=auth, email=email, password=secret, full_name=full_name
            )
            await audit_cli(
                uow,
                uow.require_tenant(),
                action="operator.created",
                target_type="user",
                target_id=user.id,
                changes={"email": user.email},
            )
        return user.id

    user_id = run_with_app(action)
    typer.echo(f"platform operator {email} created (id {user_id}); sign in with tenant 'platform'")


def create_tenant(
    slug: Annotated[str, typer.Option(help="Lowercase identifier, 3-63 characters")],
    name: Annotated[str, typer.Option(help="Display name")],
    owner_email: Annotated[str, typer.Option(help="The owner's email")],
    owner_password: Annotated[str | None, typer.Option(help="Asked for when omitted")] = None,
    owner_name: Annotated[str, typer.Option(help="The owner's name")] = "",
) -> None:
    """Create a tenant with its system roles and its owner."""
    from olympus.accounts import service as accounts  # late: see the note at the top

    checked_settings()  # a bad setting is told before a password is asked for
    secret = read_password(owner_password, "Owner password", "--owner-password")

    async def action(db: "Database", auth: "AuthComponents") -> object:
        async with db.unit_of_work(clock=auth.clock, request_id=cli_request_id()) as uow:
            tenant, owner = await accounts.create_tenant_with_owner(
                uow,
                auth=auth,
                slug=slug,
                name=name,
                owner_email=owner_email,
                owner_password=secret,
                owner_name=owner_name,
            )
            await audit_cli(
                uow,
                tenant.id,
                action="tenant.created",
                target_type="tenant",
                target_id=tenant.id,
                changes={"slug": tenant.slug, "name": tenant.name, "owner_email": owner.email},
            )
        return tenant.id

    tenant_id = run_with_app(action)
    typer.echo(f"tenant {slug} created (id {tenant_id}); owner {owner_email}")
