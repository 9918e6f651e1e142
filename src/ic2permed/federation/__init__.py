"""Federated sample discovery: GA4GH Beacon v2 nodes and the privacy-preserving hub."""
