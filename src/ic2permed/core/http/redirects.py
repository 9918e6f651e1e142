"""Where a form may send the browser next: only paths on this site."""

from __future__ import annotations


def same_site(target: str | None, fallback: str = "/") -> str:
    """`target` when it is a path on this site, else `fallback`: a crafted `next=` cannot bounce a user away.

    `//host` and `/\\host` are other sites to a browser (it reads the backslash as a slash).
    """
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return fallback
