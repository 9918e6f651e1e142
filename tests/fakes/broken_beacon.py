"""A deliberately broken Beacon v2 server, for `node verify`: each endpoint breaks the spec differently."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

META = {"beaconId": "org.example.broken", "apiVersion": "v2.0.0", "returnedSchemas": []}


def broken_beacon() -> FastAPI:
    app = FastAPI()

    @app.get("/api")
    @app.get("/api/info")
    def info() -> dict[str, Any]:
        return {"meta": META, "response": {"id": "org.example.broken", "name": "Broken"}}  # no apiVersion, …

    @app.get("/api/service-info")
    def service_info() -> dict[str, Any]:
        return {
            "id": "org.example.broken",
            "name": "Broken",
            "type": {"group": "org.ga4gh", "artifact": "beacon", "version": "v2.0.0"},
            "organization": {"name": "Example", "url": "https://example.org"},
            "version": "v2.0.0",
        }

    @app.get("/api/configuration")
    def configuration() -> dict[str, Any]:
        return {"meta": META, "response": {"entryTypes": {}}}  # no $schema, no maturityAttributes

    @app.get("/api/map")
    def beacon_map() -> dict[str, Any]:
        return {
            "meta": META,
            "response": {
                "$schema": "x",
                "endpointSets": {
                    "individual": {"entryType": "individual", "rootUrl": "http://testserver/api/individuals"}
                },
            },
        }

    @app.get("/api/entry_types")
    def entry_types() -> dict[str, Any]:
        return {"meta": META, "response": {"entryTypes": {"individual": {"id": "individual"}}}}

    @app.get("/api/filtering_terms")
    def filtering_terms() -> dict[str, Any]:
        return {"meta": META, "response": {"filteringTerms": [{"id": "NCIT:C16576"}]}}  # no type

    @app.api_route("/api/individuals", methods=["GET", "POST"])
    async def individuals(request: Request) -> dict[str, Any]:
        return {"meta": META, "responseSummary": {"exists": "yes", "numTotalResults": "12"}}

    @app.get("/api/{anything}")
    def anything(anything: str) -> dict[str, Any]:
        return {"hello": anything}  # a 200 where an error belongs

    return app
