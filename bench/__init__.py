"""Benchmarks run by `make bench` (`python -m bench`); figures go to bench/results.json and docs/performance.md."""
