"""The store: SQLAlchemy models, Alembic migrations, blobs, the custody ledger.

SQLite by default, PostgreSQL by URL. Everything else reaches the database through
:class:`Store` sessions and the functions of :mod:`tadmor.store.repository`.
"""

from tadmor.store.database import DEFAULT_DB, Store, StoreError, database_url

__all__ = ["DEFAULT_DB", "Store", "StoreError", "database_url"]
