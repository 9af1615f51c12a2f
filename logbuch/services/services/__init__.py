"""Writes and business rules of the Daseinsvorsorge, one module per topic."""
