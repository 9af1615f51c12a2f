"""Every write of the Anlaufstelle, one module per topic (office, concerns, board, thanks)."""
