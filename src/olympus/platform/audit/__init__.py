"""The audit log: an append-only record of every change made by an authenticated actor."""
