"""The application layer: each use case that writes, in its one transaction.

A use case reads what it needs through the store, asks the domain's rules, and writes once:
single actions through :meth:`~orderdesk.store.database.Database.perform`, bulk loads on one
connection of :meth:`~orderdesk.store.database.Database.write`. The command line and the
screens call these; :mod:`orderdesk.exchange` only reads files and makes rows,
:mod:`orderdesk.documents` only renders.
"""
