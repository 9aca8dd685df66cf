"""Benchmarks run by `make bench`: one `name: value unit` line per figure on stdout.

The app runs under gunicorn with production-like settings (DEBUG off) on throwaway
PostgreSQL and Redis servers; load comes from this process over loopback only.
"""
