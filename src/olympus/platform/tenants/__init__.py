"""Tenants: the businesses sharing this service; each owns its rows."""
