"""Sales analytics: hourly rollups fed from the outbox, and the reports read from them."""
