"""Locations of a tenant: its stores, branches, warehouses and offices."""
