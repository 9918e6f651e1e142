"""Access requests negotiated across borders with GDPR / HGR / PIPL steps (planned)."""
