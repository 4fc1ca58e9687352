"""Benchmarks (issue 13): `make bench` (bench/run.py) and the service benchmarks."""
