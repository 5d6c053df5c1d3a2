"""Live workshop mode: shared state in SQLite or PostgreSQL, join codes, votes and their aggregates.

Import the submodules (db, service, qr, export); this package imports nothing heavy itself.
"""
