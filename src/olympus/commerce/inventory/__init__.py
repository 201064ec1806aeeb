"""Inventory: stock per sellable unit and location, its ledger of movements, reservations."""
