"""Pricing: what a set of lines costs at a location, with its discounts and its tax."""
