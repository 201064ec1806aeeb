"""Customers: the people a tenant sells to, their addresses and consent, export and erasure."""
