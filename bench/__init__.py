"""Benchmarks and the crash-safety soak (run with `python -m bench...`)."""
