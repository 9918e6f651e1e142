"""ASGI factory for uvicorn's multi-worker mode: each worker builds its app from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from ic2permed.core.config import load_settings
from ic2permed.web.app import create_app


def create() -> FastAPI:
    return create_app(load_settings())
