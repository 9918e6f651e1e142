"""The hub: a registry of Beacon v2 nodes, federated counting with per-node status, the search page."""
