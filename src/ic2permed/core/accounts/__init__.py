"""Local user accounts, password hashing, sessions and personal API tokens."""
