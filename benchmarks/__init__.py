"""Benchmarks (`make bench`): each module has run() and prints ratios against a baseline it
measures in the same run; benchmarks/__main__.py lists them."""
