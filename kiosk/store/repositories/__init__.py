"""Repositories, one module per aggregate: every query the services need, on SQLite and
PostgreSQL alike. Only the unit of work builds them."""
