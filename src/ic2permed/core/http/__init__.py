"""HTTP plumbing shared by every router: request context (actor, locale, CSRF) and page rendering."""
