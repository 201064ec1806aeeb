"""Commerce: catalog, customers, inventory and, above them, selling."""
