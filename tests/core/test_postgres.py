"""The desk on a real PostgreSQL server gives what it gives on SQLite (issue 15).

The same demo is restored into both engines; every figure a seller or an accountant reads
(the list, an order, insights, the workbook's cells, a label) must come out the same, also
with 64-bit amounts and with the server set to another time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests import pg
from tests.conftest import CliRunner, need_tool

pytestmark = pytest.mark.postgres

MONEY = {
    ("orders", c)
    for c in (
        "subtotal",
        "shipping",
        "tax",
        "discount",
        "total",
        "fee",
        "shipping_cost",
        "refunded",
    )
} | {("lines", "unit_price"), ("cases", "amount")}


@pytest.fixture
def server() -> Iterator[str]:
    pg.need_server()
    with pg.database_url() as url:
        yield url


EXCHANGE = Path(__file__).resolve().parents[1] / "exchange"
GENERIC = EXCHANGE / "files" / "generic_orders.csv"
SHOPIFY = EXCHANGE / "genuine" / "shopify" / "store_a_orders_export.csv"


def _both(cli: CliRunner, demo_template: Path, server: str, tmp_path: Path) -> tuple[Path, str]:
    """The same data on both engines: the demo, an imported file, large ARS and IDR orders."""
    local = tmp_path / "same.db"
    for target in (local, server):
        assert cli("restore", demo_template, db=target).code == 0
        imported = cli("import", GENERIC, db=target)
        assert imported.code == 0, imported.err
        again = cli("import", GENERIC, db=target)  # the same file again changes nothing
        assert again.code == 0 and " 0 new, 0 updated" in again.out, again.out
        for buyer, currency, price in (
            ("Sukarno Wibowo", "IDR", "25.000.000,00"),
            ("Martín Fierro", "ARS", "9.999.999,99"),
            ("Martín Fierro", "ARS", "12.345.678,90"),
        ):
            added = cli(
                "add",
                "--buyer",
                buyer,
                "--currency",
                currency,
                "--line",
                "BIG",
                "1",
                price,
                "--paid",
                db=target,
            )
            assert added.code == 0, added.err
    return local, server


def test_the_server_schema_holds_64_bit_money_and_utc_instants(cli: CliRunner, server: str) -> None:
    assert cli("list", db=server).code == 0  # the first use creates and migrates the schema
    columns = {
        (t, c): kind
        for t, c, kind in pg.execute(
            server,
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public'",
        )
    }
    assert {columns[key] for key in MONEY} == {"bigint"}
    times = {
        kind
        for (_, c), kind in columns.items()
        if c.endswith("_at") or c in ("at", "ship_by", "respond_by")
    }
    assert times == {"timestamp with time zone"}


def test_the_same_figures_as_on_sqlite(
    cli: CliRunner, demo_template: Path, server: str, tmp_path: Path
) -> None:
    local, server = _both(cli, demo_template, server, tmp_path)
    (idr,) = cli("list", "--search", "Sukarno", "--json", db=server).json()
    for args in (
        ("list", "--tab", "all", "--json"),
        ("show", str(idr["id"]), "--json"),
        ("show", "2003", "--json"),
        ("insights", "--period", "last-90", "--json"),
        ("list", "--search", "fierro", "--json"),
    ):
        here, there = cli(*args, db=local), cli(*args, db=server)
        assert here.code == there.code == 0, (args, here.err, there.err)
        if args[0] == "show":  # added a moment apart on each engine: the figures agree
            assert here.json()["total"] == there.json()["total"]
            assert here.json()["lines"] == there.json()["lines"]
        elif args[0] == "list":

            def figures(rows: list[dict[str, object]]) -> list[dict[str, object]]:
                return [
                    row
                    if row["channel"] != "manual" or int(str(row["id"])) <= 2000
                    else {k: row[k] for k in ("id", "buyer_name", "currency", "total", "stage")}
                    for row in rows
                ]

            assert figures(here.json()) == figures(there.json()), args
        else:
            assert here.out == there.out, args
    assert (idr["currency"], idr["total"]) == ("IDR", "25000000.00")

    from openpyxl import load_workbook

    month = datetime.now(UTC).strftime("%Y-%m")
    books = []
    for target, name in ((local, "here.xlsx"), (server, "there.xlsx")):
        done = cli("export", "--month", month, "--out", tmp_path / name, db=target)
        assert done.code == 0, done.err
        book = load_workbook(tmp_path / name, read_only=True)
        books.append(
            {
                sheet.title: [
                    row
                    for row in sheet.iter_rows(values_only=True)
                    if not (
                        row and sheet.title == "Orders" and row[1] == "manual" and row[0] > 2000
                    )
                ]
                for sheet in book.worksheets
            }
        )  # added a moment apart: times differ
        book.close()
    assert books[0] == books[1]
    summary = [row for row in books[1]["Summary"] if row and "ARS" in map(str, row)]
    assert summary, "the ARS month is summarised"


def test_a_genuine_shopify_export_imports_the_same_on_both(
    cli: CliRunner, server: str, tmp_path: Path
) -> None:
    local = tmp_path / "shop.db"
    outputs = []
    for target in (local, server):
        done = cli("import", SHOPIFY, "--store", "tienda-a", db=target)
        assert done.code == 0, done.err
        again = cli("import", SHOPIFY, "--store", "tienda-a", db=target)
        assert again.code == 0 and " 0 new, 0 updated" in again.out, again.out
        listed = cli("list", "--tab", "all", "--json", db=target).json()
        shown = [cli("show", str(row["id"]), "--json", db=target).json() for row in listed]
        for detail in shown:  # the import's moment and its journal differ by a few ms
            detail.pop("journal")
        outputs.append((listed, shown))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0]) > 0


def test_a_server_in_buenos_aires_time_shifts_nothing(
    cli: CliRunner, demo_template: Path, server: str, tmp_path: Path
) -> None:
    pg.execute(
        server,
        f"ALTER DATABASE \"{pg.name_of(server)}\" SET timezone TO 'America/Argentina/Buenos_Aires'",
    )
    local = tmp_path / "same.db"
    for target in (local, server):
        assert cli("restore", demo_template, db=target).code == 0
    listed = [
        cli("list", "--tab", t, "--json", db=db).out
        for db in (local, server)
        for t in ("to-prepare", "ready-to-ship")
    ]
    assert listed[:2] == listed[2:]  # ship-by, overdue and order agree
    sample = [cli("show", "17", "--json", db=db).json() for db in (local, server)]
    assert sample[0]["ship_by"] == sample[1]["ship_by"]
    assert [e["at"] for e in sample[0]["journal"]] == [e["at"] for e in sample[1]["journal"]]
    # a tool in the server's zone sees the same instant, shown at -03:00
    (shown,) = pg.execute(
        server, "SELECT to_char(ship_by, 'YYYY-MM-DD HH24:MI:SS.USOF') FROM orders WHERE id = 17"
    )[0]
    stored = datetime.fromisoformat(sample[0]["ship_by"])
    assert shown.endswith("-03")
    assert datetime.strptime(shown + "00", "%Y-%m-%d %H:%M:%S.%f%z") == stored


def test_labels_refunds_and_disputes_on_the_server(
    cli: CliRunner, server: str, tmp_path: Path
) -> None:
    need_tool("pdftotext")
    import subprocess

    assert cli("demo", "--orders", "200", "--seed", "3", db=server).code == 0
    ready = cli("list", "--tab", "ready-to-ship", "--json", db=server).json()
    confirmed = [row["id"] for row in ready if row["stage"] == "confirmed"][:3]
    out = tmp_path / "labels.pdf"
    done = cli("label", *map(str, confirmed), "--out", out, db=server)
    assert done.code == 0, done.err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert all(f"#{i}" in text for i in confirmed)
    assert {cli("show", str(i), "--json", db=server).json()["stage"] for i in confirmed} == {
        "ready_to_ship"
    }
    undone = cli("undo", db=server)  # this desk's last undoable action: the last label
    assert undone.code == 0 and f"#{confirmed[-1]}" in undone.out, undone.err
    assert cli("show", str(confirmed[-1]), "--json", db=server).json()["stage"] == "confirmed"
    delivered = [
        r["id"]
        for r in cli("list", "--tab", "finalized", "--json", db=server).json()
        if r["stage"] == "delivered"
    ]
    refund = cli(
        "refund", str(delivered[0]), "--amount", "1.00", "--reason", "arrived late", db=server
    )
    dispute = cli("dispute", str(delivered[1]), "--reason", "não recebi o pedido", db=server)
    assert refund.code == 0 and dispute.code == 0, (refund.err, dispute.err)
    cases = cli("show", str(delivered[1]), "--json", db=server).json()["cases"]
    assert cases[-1]["reason"] == "não recebi o pedido"


def test_the_server_tells_a_listening_desk_what_changed(cli: CliRunner, server: str) -> None:
    import time

    from orderdesk.store.server_changes import ServerChanges

    assert cli("demo", "--orders", "20", db=server).code == 0
    changes = ServerChanges(server)
    try:
        assert changes.changed()  # the first answer: listening starts, nothing is known yet
        assert not changes.changed()
        assert cli("confirm", "1", "2", "3", db=server).code in (0, 1)
        assert (
            cli(
                "add",
                "--buyer",
                "Đặng Thị Mai",
                "--currency",
                "VND",
                "--line",
                "TEA",
                "1",
                "120000",
                db=server,
            ).code
            == 0
        )
        time.sleep(0.2)  # both commits' notifications are on the socket by now
        deadline = time.monotonic() + 2
        while not changes.changed():
            assert time.monotonic() < deadline, "no notification within 2 s"
            time.sleep(0.02)
        assert "orders" in changes.tables
        assert not changes.changed()
        assert cli("list", db=server).code == 0  # reading notifies nothing
        time.sleep(0.1)
        assert not changes.changed()
    finally:
        changes.close()


def test_reads_from_many_worker_threads_share_a_few_connections(
    cli: CliRunner, server: str
) -> None:
    """The desk reads in short-lived worker threads: a day of them must not pile up
    connections on the server."""
    import threading

    from orderdesk.store import open_database

    assert cli("demo", "--orders", "20", db=server).code == 0
    database = open_database(server)
    counts = []

    def read() -> None:
        with database.reader() as reader:
            counts.append(reader.scalar("SELECT count(*) FROM orders"))

    try:
        for _ in range(200):
            worker = threading.Thread(target=read)
            worker.start()
            worker.join()
        (opened,) = pg.execute(
            server,
            "SELECT count(*) FROM pg_stat_activity WHERE "
            "application_name = 'orderdesk' AND datname = %s",
            pg.name_of(server),
        )[0]
    finally:
        database.close()
    assert counts == [20] * 200
    assert opened <= 4
