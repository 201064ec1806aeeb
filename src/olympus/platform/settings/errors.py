"""Errors of the settings domain: none of its own. An unknown key or a bad value is refused
by the schemas before any service runs, as a 422 `validation_error` naming the key."""
