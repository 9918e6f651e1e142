"""Append-only audit log of every write made through the services."""
