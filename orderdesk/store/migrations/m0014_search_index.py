"""A trigram index answers the search (issue 13): a term matching nothing read every order's
folded key with ``LIKE '%…%'`` (42 ms on 100,000 orders, 2 s on 1,000,000).

SQLite: the FTS5 table ``order_search`` (trigram tokenizer) over each order's ``search_key``
and its ASCII-lowered channel id and tracking number, kept by triggers on ``orders``, filled
here for the orders already stored. PostgreSQL: ``pg_trgm`` GIN indexes on the same columns,
where the server lets the extension be created; where it does not (or SQLite lacks FTS5), the
search stays the scan it was, and one log line says so. What it holds and why:
:mod:`orderdesk.store.search_index`.

Version 14 (written as 12 on its branch, while 13 was the tab counts'): a database already
at 13 would have skipped a 12.
"""

from __future__ import annotations

from sqlalchemy import Connection

from orderdesk.store import search_index

VERSION = 14


def upgrade(connection: Connection) -> None:
    search_index.create(connection)
