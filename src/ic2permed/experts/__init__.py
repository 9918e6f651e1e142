"""Experts and Working Groups: expert registry, balanced groups, Delphi rounds (planned)."""
