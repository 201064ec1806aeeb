"""Orders: a sale at a location, priced, holding its stock, numbered per tenant, and moved
through one state machine from pending to completed (or cancelled, or refunded)."""
