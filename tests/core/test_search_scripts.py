"""Searching a buyer as written, or without accents, in another case, finds them in Latin,
Cyrillic, Greek and CJK, by name, email, city or postal code, with ``list --search`` (and the
desk, which reads the same query). Before, SQLite's LIKE folded ASCII only: ``Álvaro``,
``Наталья``, ``munoz``, ``weiss`` found nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from tests.drafts import DraftFields

BUYERS: dict[str, DraftFields] = {
    "Álvaro Ordóñez": DraftFields(ship_city="Logroño", buyer_email="ALVARO@Example.ES"),
    "Íñigo Muñoz": DraftFields(ship_city="Donostia", ship_postal_code="20004"),
    "Наталья Смирнова": DraftFields(ship_city="Санкт-Петербург", ship_postal_code="190000"),
    "Ольга Ёлкина": DraftFields(ship_city="Москва"),
    "Ελένη Παπαδοπούλου": DraftFields(ship_city="Αθήνα", ship_postal_code="105 57"),
    "王小明": DraftFields(ship_city="北京市"),
    "José Gómez": DraftFields(ship_city="São Paulo", buyer_email="jose.gomez@mail.br"),
    "Jürgen Weiß": DraftFields(ship_city="Köln", ship_postal_code="50667"),
}

SEARCHES = [
    ("Álvaro", "Álvaro Ordóñez"),
    ("alvaro", "Álvaro Ordóñez"),
    ("ÁLVARO", "Álvaro Ordóñez"),
    ("ordonez", "Álvaro Ordóñez"),
    ("logrono", "Álvaro Ordóñez"),
    ("alvaro@example.es", "Álvaro Ordóñez"),
    ("Íñigo", "Íñigo Muñoz"),
    ("inigo", "Íñigo Muñoz"),
    ("munoz", "Íñigo Muñoz"),
    ("20004", "Íñigo Muñoz"),
    ("Наталья", "Наталья Смирнова"),
    ("наталья", "Наталья Смирнова"),
    ("НАТАЛЬЯ СМИРНОВА", "Наталья Смирнова"),
    ("санкт-петербург", "Наталья Смирнова"),
    ("Ольга", "Ольга Ёлкина"),
    ("елкина", "Ольга Ёлкина"),
    ("москва", "Ольга Ёлкина"),
    ("Ελένη", "Ελένη Παπαδοπούλου"),
    ("ελενη", "Ελένη Παπαδοπούλου"),
    ("ΠΑΠΑΔΟΠΟΥΛΟΥ", "Ελένη Παπαδοπούλου"),
    ("αθηνα", "Ελένη Παπαδοπούλου"),
    ("105 57", "Ελένη Παπαδοπούλου"),
    ("王小明", "王小明"),
    ("小明", "王小明"),
    ("北京", "王小明"),
    ("Jose Gomez", "José Gómez"),
    ("josé gómez", "José Gómez"),
    ("sao paulo", "José Gómez"),
    ("jose.gomez@", "José Gómez"),
    ("weiss", "Jürgen Weiß"),
    ("WEISS", "Jürgen Weiß"),
    ("Weiß", "Jürgen Weiß"),
    ("jurgen", "Jürgen Weiß"),
    ("koln", "Jürgen Weiß"),
    ("50667", "Jürgen Weiß"),
]


@pytest.fixture(scope="module")
def buyers(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from orderdesk.store import open_database

    path = tmp_path_factory.mktemp("scripts") / "shop.db"
    database = open_database(path, actor="seller")
    for name, fields in BUYERS.items():
        database.perform(
            create_order,
            OrderDraft(
                buyer_name=name,
                currency="EUR",
                paid=True,
                **(DraftFields(ship_line1="Calle 1", ship_country="ES") | fields),
                lines=[LineDraft(sku="MUG", title="Mug", quantity=1, unit_price=1000)],
            ),
        )
    database.close()
    return path


def test_list_search_folds_case_and_accents_in_every_script(cli: Any, buyers: Any) -> None:
    for term, expected in SEARCHES:
        result = cli("list", "--tab", "all", "--search", term, "--json", db=buyers)
        assert result.code == 0, result.err
        found = [row["buyer_name"] for row in json.loads(result.out)]
        assert found == [expected], f"{term!r} found {found}"


def test_a_search_without_a_tab_looks_in_every_tab(cli: Any, buyers: Any) -> None:
    """``list --search`` finds the order wherever it is, as the desk's ``/`` does (before, it
    looked in To prepare alone: a cancelled or shipped buyer was "0 rows"); ``--tab`` narrows."""
    shown = cli("list", "--search", "王小明", "--json", db=buyers).json()
    assert [row["buyer_name"] for row in shown] == ["王小明"]
    order = shown[0]["id"]
    done = cli("cancel", str(order), "--reason", "買家要求取消", db=buyers)
    assert done.code == 0, done.err
    everywhere = cli("list", "--search", "王小明", "--json", db=buyers).json()
    assert [(row["id"], row["tab"]) for row in everywhere] == [(order, "finalized")]
    assert (
        cli("list", "--tab", "to-prepare", "--search", "王小明", "--json", db=buyers).json() == []
    )
    table = cli("list", "--search", "小明", db=buyers)
    assert table.code == 0 and "all · 1 row" in table.out  # the title names where it looked
