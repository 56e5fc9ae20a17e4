"""Importing a channel's file: the use case, in its one transaction.

:mod:`orderdesk.exchange.imports` reads and checks the file and makes the new orders' rows
(by the domain's one factory); this module asks the store what it holds, then writes the new
rows in bulk and applies the updates to stored orders, all on one connection of
:meth:`~orderdesk.store.database.Database.write`, committed together or not at all.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orderdesk.domain.errors import BadInput
from orderdesk.exchange import imports, merge
from orderdesk.exchange.imports import Progress
from orderdesk.store import import_store

if TYPE_CHECKING:
    from orderdesk.store.database import Database


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its rows.

    A large import makes millions of small objects that all stay alive until it ends; the
    collector would walk them again and again for nothing (about 2.5 s of a 100,000-order
    import). It runs as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_file(
    database: Database,
    path: Path,
    *,
    fmt: str = "auto",
    dry_run: bool = False,
    handling_days: int = 2,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    store: str = "",
    skip_bad: bool = False,
    mapping: Any = None,
) -> imports.ImportReport:
    """Import one file into ``database`` (one transaction), or with ``dry_run`` only report.

    Raises :class:`BadInput` naming the file's row and column when it cannot be imported
    (nothing is written then). A dry run returns the problems in ``rejected`` instead.
    """
    with _collector_paused():
        return _import(
            database,
            Path(path),
            fmt=fmt,
            dry_run=dry_run,
            handling_days=handling_days,
            progress=progress,
            cancelled=cancelled,
            store=store,
            skip_bad=skip_bad,
            mapping=mapping,
        )


def _import(
    database: Database,
    path: Path,
    *,
    fmt: str,
    dry_run: bool,
    handling_days: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    store: str,
    skip_bad: bool,
    mapping: Any,
) -> imports.ImportReport:
    name, orders, problems = imports.read_orders(
        path, fmt, progress=progress, cancelled=cancelled, store=store, mapping=mapping
    )
    aside: dict[int, str] = {}
    read = len(orders)
    if problems and skip_bad:
        orders, aside = imports.set_aside(orders, problems)
    if problems and not dry_run and not skip_bad:
        raise problems.fail()
    report = imports.ImportReport(
        name,
        0,
        0,
        0,
        list(problems.items),
        [],
        dry_run,
        file=path.name,
        warnings=list(problems.warnings),
        problem_count=problems.total,
    )
    if aside:
        report.skipped = read - len(orders)
        report.side_file = imports.side_file(path).name
    if problems and not skip_bad:
        if problems.total > len(problems.items):
            report.rejected.append(f"… and {problems.total - len(problems.items)} more")
        return report
    if dry_run:
        with database.read() as connection:
            imports.examine(connection, orders, database.clock(), handling_days, report)
        return report
    with database.write() as connection:
        now = database.clock()
        work = imports.examine(connection, orders, now, handling_days, report)
        if cancelled is not None and cancelled():
            raise BadInput(f"{path.name}: import cancelled at row 1, column A; nothing was changed")
        order_ids, case_ids = import_store.new_ids(
            connection, len(work.new), sum(1 for o in work.new if o.case_kind)
        )
        rows = imports.NewRows(
            work.new,
            order_ids,
            case_ids,
            now,
            database.actor,
            handling_days,
            path.name,
            work.duplicate_of,
        )
        insert = import_store.insert_rows
        with import_store.large_load(connection, len(work.new)):
            insert(connection, "orders", rows.orders())
            insert(connection, "lines", rows.lines())
            import_store.insert_cases(connection, rows.cases())
            insert(connection, "journal", rows.journal())
        if work.plans:
            uow = import_store.ImportUnitOfWork(connection, actor=database.actor, clock=lambda: now)
            try:
                for incoming, step in work.plans:
                    merge.apply(
                        uow,
                        step,
                        summary=(
                            f"Order #{step.order_id} updated from {incoming.channel} "
                            f"({path.name} row {incoming.row}): {', '.join(step.what)}"
                        ),
                    )
                uow.flush()
            finally:
                uow.close()
        if aside:  # before the commit: rows that cannot be set aside are not dropped
            imports.write_aside(path, aside)
    if progress is not None:
        progress(1, 1)
    return report
