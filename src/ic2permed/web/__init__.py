"""The web application: app factory, shared layout, auth plumbing and error mapping."""
