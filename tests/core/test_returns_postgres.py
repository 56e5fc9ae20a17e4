"""Two desks on one PostgreSQL server accepting returns at the same moment never get the same
return authorisation number: the server's sequence hands them out (issue 16)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from orderdesk.domain import aftersales, fulfilment
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.models import Product
from orderdesk.store import Database, open_database
from tests import pg
from tests.drafts import MADRID

pytestmark = pytest.mark.postgres
CASES = 24


@pytest.fixture
def server() -> Iterator[str]:
    pg.need_server()
    with pg.database_url() as url:
        yield url


def open_returns(database: Database, count: int) -> list[int]:
    """``count`` shipped orders, each with an open return case; the case ids."""
    with database.uow() as uow:
        uow.add(Product(sku="MATE", title="Mate", on_hand=count))
        uow.commit()
    cases = []
    for _ in range(count):
        draft = OrderDraft(
            buyer_name="Ana Pérez",
            currency="EUR",
            paid=True,
            lines=[LineDraft("MATE", "Mate", 1, 1500)],
            **MADRID,
        )
        order = database.perform(create_order, draft).order_id
        database.perform(fulfilment.confirm, order)
        database.perform(fulfilment.ship, order, "DHL", "1234567891")
        outcome = database.perform(
            aftersales.request_refund, order, "15", "too small", kind="return"
        )
        assert outcome.case_id is not None
        cases.append(outcome.case_id)
    return cases


def test_two_desks_accepting_returns_at_once_never_share_an_rma(server: str) -> None:
    setup = open_database(server, actor="setup")
    cases = open_returns(setup, CASES)
    setup.close()
    desks = [open_database(server, actor=f"desk-{n}") for n in (1, 2)]
    rounds = threading.Barrier(2)
    messages: dict[int, list[str]] = {0: [], 1: []}
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for case in cases[n::2]:
                rounds.wait(timeout=30)  # both desks accept in the same instant
                messages[n].append(desks[n].perform(aftersales.accept_refund, case).message)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
            rounds.abort()

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for desk in desks:
        desk.close()
    assert not failures, failures
    rows = pg.execute(server, "SELECT id, case_id FROM return_authorisations ORDER BY id")
    numbers = [number for number, _case in rows]
    assert len(rows) == CASES and len(set(numbers)) == CASES
    assert sorted(case for _number, case in rows) == sorted(cases)
    told = [m for n in (0, 1) for m in messages[n]]
    assert len({m.split("authorised as ")[1] for m in told}) == CASES  # what each desk said
    check = open_database(server, actor="check")
    with check.read() as connection:
        unique = connection.execute(
            text("SELECT count(DISTINCT id) FROM return_authorisations")
        ).scalar_one()
    check.close()
    assert unique == CASES


def test_two_desks_receiving_one_parcel_at_once_restock_it_once(server: str) -> None:
    from orderdesk.domain.errors import DeskError
    from orderdesk.domain.returns import receive_return

    setup = open_database(server, actor="setup")
    cases = open_returns(setup, 6)
    for case in cases:
        setup.perform(aftersales.accept_refund, case)
    setup.close()
    desks = [open_database(server, actor=f"desk-{n}") for n in (1, 2)]
    rounds = threading.Barrier(2)
    said: dict[int, list[str]] = {case: [] for case in cases}

    def work(n: int) -> None:
        for case in cases:
            rounds.wait(timeout=30)  # both desks receive the same parcel in the same instant
            try:
                said[case].append(desks[n].perform(receive_return, case).message)
            except DeskError as error:
                said[case].append(f"refused: {error.message}")

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for desk in desks:
        desk.close()
    for case, lines in said.items():
        assert len(lines) == 2, lines
        done = [line for line in lines if "back in stock" in line]
        refused = [line for line in lines if line.startswith("refused: ")]
        assert len(done) == 1 and len(refused) == 1, lines
        assert "already received" in refused[0] and f"case {case}" in refused[0]
    # every case's 1 unit back once: 6 taken by the orders, 6 back
    assert pg.execute(server, "SELECT on_hand FROM products") == [(6,)]
    entries = pg.execute(server, "SELECT count(*) FROM journal WHERE action = 'return_received'")
    assert entries == [(6,)]
