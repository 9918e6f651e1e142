"""The API explorer: Swagger UI 5 (reads OpenAPI 3.1) from the `fastapi-offline` package, started by a file.

Served from the package, never a CDN, and started by `apidocs.js` rather than an inline script, so a
Content-Security-Policy may forbid inline scripts. The platform wraps it in its own page layout; a Beacon
node, which has no layout, uses `standalone_page`.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/swagger"


def mount_assets(app: FastAPI, at: str = ASSETS) -> None:
    """Swagger UI's script and styles and our starter script, under one path."""
    app.mount(at, StaticFiles(packages=[("fastapi_offline", "static"), ("ic2permed.core.http", "static")]), "swagger")


def standalone_page(title: str, openapi_url: str, assets: str = ASSETS, links: dict[str, str] | None = None) -> str:
    """A whole explorer page: language, a main landmark, a heading, then Swagger UI on the document."""
    extra = "".join(f'<li><a href="{escape(url)}">{escape(label)}</a></li>' for label, url in (links or {}).items())
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{assets}/swagger-ui.css">\n'
        f'<script defer src="{assets}/swagger-ui-bundle.js"></script>\n'
        f'<script defer src="{assets}/apidocs.js"></script>\n'
        "</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n"
        f'<p>OpenAPI document: <a href="{escape(openapi_url)}">{escape(openapi_url)}</a></p>\n'
        + (f"<ul>{extra}</ul>\n" if extra else "")
        + f'<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>\n'
        "</main>\n</body>\n</html>\n"
    )
