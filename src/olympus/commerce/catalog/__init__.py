"""The catalog: products (and their variants), categories and prices per location."""
