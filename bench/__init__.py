"""Benchmarks of dealnet (not part of the test run): ``python -m bench.run``."""
