"""Authentication: sign-up, sign-in, sessions with rotating refresh tokens, email verification
and password reset."""
