"""Roles, permissions and grants of a tenant."""
