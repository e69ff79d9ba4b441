"""Database access shared by every module."""

import os

DATABASE_URL = os.environ.get("HARBOR_DATABASE_URL", "postgresql://localhost/harbor")


def connect():
    """Open a connection (psycopg is imported lazily so tests can run without it)."""
    import psycopg

    return psycopg.connect(DATABASE_URL)
