"""Rules of the code's shape, checked from the source: which part may import which, and that
every hand-written SQL statement binds the tenant."""
