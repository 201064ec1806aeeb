"""Payments: taking card and cash payments for orders, refunds, and the processors behind them."""
