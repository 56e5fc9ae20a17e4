"""The store: the only place that opens a database connection."""

from orderdesk.store.database import Database, open_database

__all__ = ["Database", "open_database"]
