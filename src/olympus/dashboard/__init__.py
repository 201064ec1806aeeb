"""The owner's dashboard: the built single-page app served at `/dashboard`, and the small
session API behind it that keeps the refresh token in an HttpOnly cookie."""
