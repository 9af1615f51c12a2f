"""Thin views of the Anlaufstelle, one module per topic."""
