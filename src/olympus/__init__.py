"""Olympus Core: authentication, organisation and commerce for many tenants behind one HTTP API."""

__version__ = "0.1.0"
