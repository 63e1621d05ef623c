"""Benchmarks: `make bench`. Not tests: they print figures and write JSON, never assert a time."""
