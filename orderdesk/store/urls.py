"""Database URLs a seller types, as each client takes them (light: no SQLAlchemy import)."""

from __future__ import annotations

from orderdesk.domain.errors import BadInput

#: URL schemes a seller may type, and the SQLAlchemy driver each means.
_SERVER_SCHEMES = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def server_url(url: str) -> str:
    """The SQLAlchemy URL for a server database URL, refusing a scheme the desk cannot open."""
    scheme, _, rest = url.partition("://")
    driver = _SERVER_SCHEMES.get(scheme.lower())
    if driver is None:
        raise BadInput(
            f"--db: '{scheme}://' is not a database the desk opens; give a SQLite "
            f"file path or a postgresql://user@host/database URL"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise BadInput(
            "--db: PostgreSQL needs its driver: pip install 'orderdesk[postgres]'"
        ) from None
    return f"{driver}://{rest}"


def libpq_url(url: str) -> str:
    """The URL as psycopg and PostgreSQL's own tools take it (no SQLAlchemy driver name)."""
    return "postgresql://" + server_url(url).partition("://")[2]
