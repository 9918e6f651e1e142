"""One biobank's Beacon v2 node: a DuckDB store, its query compiler, importers, synthesis and the server."""
