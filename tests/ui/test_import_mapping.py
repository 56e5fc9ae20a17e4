"""An unknown layout in the desk: ``i`` opens the import dialog, the file's header opens the
mapping screen, the mapping is saved by name and the file imported through it; the command
line then imports the same file with ``--map NAME``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from orderdesk.app import DeskApp
from orderdesk.screens.import_file import ImportDialog
from orderdesk.screens.mapping import MappingScreen
from orderdesk.store import Database
from tests.conftest import CliRunner
from tests.ui.deskpilot import notes, one, settle, type_text

WISH = (
    "Order Id,Date,Customer,Product,Qty,Price,Country\n"
    'W-1,03/04/2026,Ingrid Šimková,Lamp,2,"7,50",Česko\n'
    'W-2,03/05/2026,Ömer Yılmaz,Shade,1,"12,00",Türkiye\n'
)


async def _until(pilot: Pilot[int], kind: type) -> Any:
    for _ in range(200):
        await settle(pilot)
        if isinstance(pilot.app.screen, kind):
            return pilot.app.screen
    raise AssertionError(f"{kind.__name__} never opened; notes: {notes(pilot.app)}")


async def test_mapping_made_in_the_desk_serves_the_command_line(
    desk_app: DeskApp, app_db: Database, home: Path, tmp_path: Path, cli: CliRunner
) -> None:
    source = tmp_path / "wish orders.csv"
    source.write_text(WISH, encoding="utf-8")
    async with desk_app.run_test(size=(150, 50)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await _until(pilot, ImportDialog)
        await type_text(pilot, str(source))
        await pilot.press("enter")  # a dry run first
        screen = await _until(pilot, MappingScreen)
        samples = [str(widget.render()) for widget in screen.query(".samples")]
        assert samples[2] == "Ingrid Šimková · Ömer Yılmaz"  # each column beside its values
        # every column of the README's own example is guessed from its header
        guessed = [str(screen.query_one(f"#col-{i}", Select).value) for i in range(7)]
        assert guessed == [
            "order_id",
            "created_at",
            "buyer_name",
            "title",
            "quantity",
            "unit_price",
            "ship_country",
        ]
        await type_text(pilot, "wish")  # the channel field has focus
        screen.query_one("#map-currency", Input).value = "EUR"
        screen.query_one("#map-dates", Select).value = "mdy"
        screen.query_one("#map-mark", Select).value = ","
        screen.query_one("#map-name", Input).value = "wish"
        await pilot.click("#ok")
        dialog = await _until(pilot, ImportDialog)
        assert dialog.report is not None and dialog.report.new == 2
        await pilot.click("#ok")  # import
        for _ in range(50):
            await settle(pilot)
            if any("imported 2 new" in note for note in notes(desk_app)):
                break
        assert any("imported 2 new" in note for note in notes(desk_app)), notes(desk_app)
    saved = list(home.rglob("mappings/wish.toml"))
    assert len(saved) == 1 and 'unit_price = "Price"' in saved[0].read_text(encoding="utf-8")
    order = one(
        app_db,
        "SELECT channel, total, ship_country, created_at FROM orders WHERE external_id = 'W-1'",
    )
    assert (order["channel"], order["total"], order["ship_country"]) == ("wish", 1500, "CZ")
    assert str(order["created_at"]).startswith("2026-03-04")  # month first, as chosen
    again = cli("import", source, "--map", "wish", db=app_db.path)
    assert again.code == 0, again.err
    assert "0 new, 0 updated, 2 unchanged" in again.out
