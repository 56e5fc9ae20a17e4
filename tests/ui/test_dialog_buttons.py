"""Every dialog's Back button closes it without a result, once; a choice returns its answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Button

from orderdesk.screens.dialog import ChoiceDialog, Dialog
from orderdesk.screens.export import ExportDialog
from orderdesk.screens.import_file import ImportDialog
from orderdesk.screens.message import MessageDialog
from orderdesk.screens.new_order import NewOrderScreen
from orderdesk.screens.reason import ReasonDialog
from orderdesk.screens.refund import RefundDialog
from orderdesk.screens.tracking import TrackingDialog
from orderdesk.store.rows import OrderRow
from tests.rows import ORDER_ROW

ROW: OrderRow = {
    **ORDER_ROW,
    "id": 42,
    "buyer_name": "Ana",
    "currency": "USD",
    "total": "10.00",
    "payment": "paid",
    "carrier": "",
    "tracking_number": "",
    "tracking_url": "",
}

DIALOGS: dict[str, Callable[[], Dialog[Any]]] = {
    "choice": lambda: ChoiceDialog(
        "Refund", "Accept?", [("accept", "Accept"), ("reject", "Reject")]
    ),
    "export": lambda: ExportDialog(date(2026, 11, 22)),
    "import": lambda: ImportDialog(),
    "message": lambda: MessageDialog(ROW),
    "new order": lambda: NewOrderScreen(),
    "reason": lambda: ReasonDialog("Cancel", "Why?", "Cancel order"),
    "refund": lambda: RefundDialog(ROW),
    "tracking": lambda: TrackingDialog(ROW),
}


async def _press(make: Callable[[], Dialog[Any]], button: str) -> list[Any]:
    results: list[Any] = []
    app: App[None] = App()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = make()
        app.push_screen(dialog, results.append)
        await pilot.pause()
        dialog.query_one(button, Button).press()
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not dialog
    return results


@pytest.mark.parametrize("name", DIALOGS)
async def test_back_closes_the_dialog_without_a_result(name: str) -> None:
    assert await _press(DIALOGS[name], "#back") == [None]


async def test_a_choice_returns_its_answer_once() -> None:
    assert await _press(DIALOGS["choice"], "#choice-reject") == ["reject"]
