"""Tenant settings and user preferences: typed keys with defaults, validated per key."""
