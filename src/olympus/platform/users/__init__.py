"""Users of a tenant: who they are and how they sign in."""
