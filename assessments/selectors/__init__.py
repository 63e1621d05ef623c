"""Reads that matter: permission-scoped and computed queries."""
