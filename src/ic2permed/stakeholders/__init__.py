"""Stakeholder registry and network analysis (planned)."""
