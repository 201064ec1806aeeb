"""Use cases that span domains: a tenant with its owner, platform operators, members with
their roles, retention across tenants. They sit above the platform domains and auth, and
call down into their services."""
