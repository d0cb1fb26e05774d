"""The benchmark: a large newsroom seeded into its own PostgreSQL database,
served by gunicorn in the production configuration and measured with wrk.

`python -m bench` (or `make bench`) runs it and prints the figures.
"""
