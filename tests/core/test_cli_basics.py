"""The command line as a new user meets it: --help, demo data, tabs, seeds, the demo guard."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CliRunner, ShowJson
from tests.core.conftest import Shop

COMMANDS = (
    "demo",
    "list",
    "show",
    "confirm",
    "cancel",
    "ship",
    "deliver",
    "refund",
    "dispute",
    "message",
    "undo",
    "backup",
)
TABS = ("to-prepare", "ready-to-ship", "in-transit", "finalized", "refunds", "disputes")


def test_help_lists_every_command_with_a_description(cli: CliRunner) -> None:
    result = cli("--help")
    assert result.code == 0, result.err
    for command in COMMANDS:
        line = re.search(rf"^\s+{command}\s{{2,}}(\S.*)$", result.out, re.MULTILINE)
        assert line, f"`{command}` missing from --help:\n{result.out}"
        assert len(line.group(1).split()) >= 3, f"`{command}` has no real description"


def test_demo_fills_every_tab_with_2000_orders(cli: CliRunner, demo_db: Path) -> None:
    everything = cli("list", "--tab", "all", "--json", db=demo_db)
    assert everything.code == 0, everything.err
    rows = everything.json()
    assert len(rows) == 2000
    assert len({row["id"] for row in rows}) == 2000
    for row in rows[:50]:
        assert {
            "id",
            "channel",
            "external_id",
            "stage",
            "tab",
            "payment",
            "buyer_name",
            "country",
            "currency",
            "total",
            "ship_by",
            "overdue",
            "carrier",
            "tracking_number",
        } <= row.keys()
    assert {row["channel"] for row in rows} >= {
        "mercadolibre",
        "aliexpress",
        "shopify",
        "amazon",
        "wish",
        "manual",
    }
    assert {row["currency"] for row in rows} >= {
        "ARS",
        "BRL",
        "MXN",
        "CLP",
        "USD",
        "EUR",
        "CNY",
        "JPY",
    }
    assert any(row["overdue"] for row in rows) and any(row["payment"] == "unpaid" for row in rows)
    for tab in TABS:
        listed = cli("list", "--tab", tab, "--json", db=demo_db)
        assert listed.code == 0, listed.err
        assert listed.json(), f"tab {tab} is empty"


def test_same_seed_gives_the_same_orders(
    cli: CliRunner, demo_template: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.db"
    made = cli("--db", again, "demo", "--orders", "2000", "--seed", "7")
    assert made.code == 0, made.err
    first = cli("list", "--tab", "all", "--json", db=demo_template)
    second = cli("list", "--tab", "all", "--json", db=again)
    assert first.out == second.out
    other = tmp_path / "other.db"
    assert cli("--db", other, "demo", "--orders", "2000", "--seed", "8").code == 0
    assert cli("list", "--tab", "all", "--json", db=other).out != first.out


def test_demo_refuses_a_database_of_the_sellers_own_orders(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    ids = [shop.order(("MATE", 1)) for _ in range(3)]
    shows = [show(shop.path, i) for i in ids]
    shop.database.close()
    result = cli("demo", "--orders", "50", db=shop.path)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "own orders" in result.err
    listed = cli("list", "--tab", "all", "--json", db=shop.path).json()
    assert [row["id"] for row in listed] == ids
    assert [show(shop.path, i) for i in ids] == shows


def test_a_listing_saved_to_a_file_keeps_every_name_and_item_whole(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Piped or redirected, `list` and `stock list` are drawn as wide as their rows (at the
    80 columns a pipe reports they were cut to "Ma…"); COLUMNS, when set, still rules."""
    db = tmp_path / "shop.db"
    buyer = "Maria Conceição Albuquerque de Vasconcelos"
    items = "ESPRESSO-CUP-SET-ROSEGOLD ×2"
    added = cli(
        "add", "--buyer", buyer, "--currency", "BRL",
        "--line", "ESPRESSO-CUP-SET-ROSEGOLD", "2", "189.90", "Jogo de xícaras",
        db=db,
    )  # fmt: skip
    assert added.code == 0, added.err
    saved = cli("list", "--tab", "to-prepare", db=db, env={"COLUMNS": ""})
    assert saved.code == 0, saved.err
    assert buyer in saved.out and items in saved.out and "R$ 379,80" in saved.out
    cli("stock", "set", "ESPRESSO-CUP-SET-ROSEGOLD", "--title", "Jogo de xícaras rosé", db=db)
    stock = cli("stock", "list", db=db, env={"COLUMNS": ""})
    assert "ESPRESSO-CUP-SET-ROSEGOLD" in stock.out and "Jogo de xícaras rosé" in stock.out
    narrow = cli("list", "--tab", "to-prepare", db=db, env={"COLUMNS": "60"})
    assert buyer not in narrow.out and max(map(len, narrow.out.splitlines())) <= 60
