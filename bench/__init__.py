"""Benchmarks: every bench/*.py module with a main() is one; `python -m bench` runs them all."""
