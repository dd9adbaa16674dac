"""`make bench`, the benchmark of Alliance: `python -m bench --help`, and README.md, "Benchmark"."""
