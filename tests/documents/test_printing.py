"""Printing through a real CUPS scheduler to a cups-pdf queue; a queue that refuses moves no
order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import rows_where
from tests.documents.conftest import order_row, printed_file, run, scan, write_config


def _confirmed(database: Any) -> int:
    order_id: int = rows_where(
        database,
        "SELECT id FROM orders WHERE stage = 'confirmed' AND "
        "ship_postal_code != '' ORDER BY id LIMIT 1",
    )[0]["id"]
    return order_id


@pytest.mark.tool
def test_a_label_printed_on_the_set_printer_comes_out_and_scans(
    cli: Any, demo_db: Path, database: Any, home: Path, cups: Path, pdf_queue: str
) -> None:
    write_config(home, f'printer = "{pdf_queue}"\n')
    order_id = _confirmed(database)
    result = cli("label", str(order_id), db=demo_db)
    assert result.code == 0, result.err
    job = re.search(rf"request id is {pdf_queue}-(\d+)", result.out)
    assert job, result.out
    saved = home / "data" / "documents" / f"label-{order_id}.pdf"
    assert saved.is_file()  # the document is kept as well
    printed = printed_file(cups, int(job.group(1)))
    try:
        assert f"CODE-128:#{order_id}" in scan(printed)
    finally:
        printed.unlink()
    assert order_row(database, order_id)["stage"] == "ready_to_ship"


@pytest.mark.tool
@pytest.mark.parametrize(
    ("how", "said"), [("cupsdisable", "disabled"), ("cupsreject", "not accepting jobs")]
)
def test_a_refusing_printer_moves_no_order_and_says_why(
    cli: Any, demo_db: Path, database: Any, home: Path, pdf_queue: str, how: str, said: str
) -> None:
    run(how, pdf_queue)
    write_config(home, f'printer = "{pdf_queue}"\n')
    order_id = _confirmed(database)
    result = cli("label", str(order_id), db=demo_db)
    assert result.code == 1
    assert f"printer {pdf_queue}" in result.err and said in result.err, result.err
    assert "no order moved" in result.err and "Traceback" not in result.err
    row = order_row(database, order_id)
    assert row["stage"] == "confirmed" and row["label_printed_at"] is None
    shown = cli(
        "list", "--tab", "ready-to-ship", "--search", f"#{order_id}", "--json", db=demo_db
    ).json()
    assert [r["id"] for r in shown] == [order_id]
    assert not rows_where(
        database,
        "SELECT id FROM journal WHERE order_id = :id AND action LIKE 'label%'",
        id=order_id,
    )


@pytest.mark.tool
def test_print_without_a_printer_set_is_a_clear_error(
    cli: Any, demo_db: Path, database: Any
) -> None:
    order_id = _confirmed(database)
    result = cli("label", str(order_id), "--print", db=demo_db)
    assert result.code == 2 and 'printer = "NAME"' in result.err
    assert order_row(database, order_id)["stage"] == "confirmed"
