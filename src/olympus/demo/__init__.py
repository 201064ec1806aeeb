"""Demo data for newcomers and benchmarks."""
