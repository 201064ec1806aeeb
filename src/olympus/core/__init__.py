"""The shared kernel: database, tenancy, errors, events, cache. No business rules live here."""
