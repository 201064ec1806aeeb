"""The organisation of a business: tenants, users, roles, locations, settings, audit."""
