"""Return authorisations (issue 16): an accepted return's RMA number and when it came back.

One row per accepted return case; its ``id`` is the RMA number, so the database hands it out:
a sequence on PostgreSQL (two desks accepting returns at once never meet on one number) and
``AUTOINCREMENT`` on SQLite (a number is never handed out twice, not even after the accept
that took it was undone and its row removed). ``received_at`` is set by the domain's
``receive_return`` action when the goods are back on the shelf; ``version`` makes two desks
receiving one parcel at once meet (the second write is stale and refused on retry).
Self-contained: made through SQLAlchemy (ids a sequence, instants ``timestamptz`` on
PostgreSQL), and open desks there are told of its changes like for every other table.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    text,
)

VERSION = 10


def _schema() -> MetaData:
    md = MetaData()
    Table("cases", md, Column("id", Integer, primary_key=True))
    Table(
        "return_authorisations",
        md,
        Column("id", Integer, primary_key=True),
        Column(
            "case_id",
            Integer,
            ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        Column("authorised_at", DateTime(timezone=True), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=True),
        Column("version", Integer, nullable=False),
        sqlite_autoincrement=True,
    )
    return md


def upgrade(connection: Connection) -> None:
    _schema().tables["return_authorisations"].create(connection)
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "CREATE TRIGGER return_authorisations_changed AFTER INSERT OR UPDATE OR DELETE "
                "ON return_authorisations FOR EACH STATEMENT EXECUTE FUNCTION orderdesk_changed()"
            )
        )
