"""The security event log: failed sign-ins, lockouts, refresh-token reuse, multi-factor
failures and refused requests, attributable to a tenant, an account and an address."""
