"""Discounts and promotions: codes and automatic discounts, their terms and usage limits."""
