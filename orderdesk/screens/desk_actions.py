"""The desk's keys for the focused row (or the batch selection), and the desk-wide keys.

Each key asks what it needs in a dialog that returns a typed result, then hands domain
actions to ``perform`` (a worker calling ``database.perform``). Long work (labels, import,
export) runs as a job with a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.binding import Binding

from orderdesk.domain import return_rules, row_rules
from orderdesk.domain.errors import DeskError
from orderdesk.domain.money import format_amount_text
from orderdesk.screens import calls
from orderdesk.screens.calls import Call, call
from orderdesk.screens.row_keys import bound_keys

if TYPE_CHECKING:
    from datetime import datetime

    from textual.app import App
    from textual.notifications import SeverityLevel

    from orderdesk.config import Settings
    from orderdesk.screens.dialog import Dialog
    from orderdesk.store import Database
    from orderdesk.store.rows import OrderDetail, OrderRow, ShipToKey

T = TypeVar("T")


EDIT_LABELS: tuple[tuple[ShipToKey, str], ...] = (
    ("name", "Ship-to name"),
    ("line1", "Address line 1"),
    ("line2", "Address line 2"),
    ("city", "City"),
    ("region", "Region"),
    ("postal_code", "Postal code"),
    ("country", "Country (two letters)"),
)
ROW_ACTIONS = frozenset(
    {
        "confirm",
        "cancel_order",
        "label",
        "tracking",
        "deliver",
        "refund",
        "dispute",
        "message",
        "toggle_select",
        "edit_contact",
        "mark_paid",
        "change_lines",
        "hold",
        "return_label",
        "return_received",
    }
)
#: The Refunds tab's keys for an accepted return (:mod:`orderdesk.domain.return_rules`).
RETURN_ACTIONS = frozenset({"return_label", "return_received"})
BATCH_ACTIONS = frozenset({"confirm", "cancel_order", "label", "deliver"})


#: What ``w`` writes, by the choice's key.
DOCUMENTS = {"invoice": "Invoice", "packing": "Packing slip", "pick": "Pick list"}


class RowActions:
    """Mixed into :class:`~orderdesk.screens.desk.DeskScreen`."""

    if TYPE_CHECKING:
        database: Database
        settings: Settings

        @property
        def selected(self) -> dict[int, int]: ...

        opened_at: datetime

        @property
        def latest_entry(self) -> int | None: ...

        app: App[object]

        @property
        def current_row(self) -> OrderRow | None: ...
        @property
        def list_view(self) -> str | None: ...
        def perform(
            self,
            calls: list[Call],
            *,
            batch: bool = False,
            after: Callable[[], None] | None = None,
            refused: Callable[[str], None] | None = None,
        ) -> None: ...
        def notify(
            self,
            message: str,
            *,
            title: str = "",
            severity: SeverityLevel = "information",
            timeout: float | None = None,
            markup: bool = True,
        ) -> None: ...
        def report(self, done: list[str], refused: list[str]) -> None: ...
        def reload(self) -> None: ...

    #: The one order the screen shows (the detail's), None for a list: undo asks first
    #: before reversing an action on any other order.
    looking_at: int | None = None

    # -- what applies --------------------------------------------------------------------

    def applies(self, action: str) -> bool:
        return self.why_not(action) is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers a row key only when the domain's rule allows it."""
        return self.applies(action)

    def on_key(self, event: events.Key) -> None:
        """A row key that does not apply (so its binding did not run) says why."""
        keymap = self.app._keymap
        for binding in type(self).BINDINGS:  # type: ignore[attr-defined]
            if isinstance(binding, Binding) and event.key in bound_keys(binding, keymap):
                why = self.why_not(binding.action)
                if why is not None:
                    event.stop()
                    self.notify(why, title="Not now", severity="warning")
                return

    def why_not(self, action: str) -> str | None:
        """Why a row key does not apply to the focused row (None: it does). The stage rules
        are the domain's own (:mod:`orderdesk.domain.row_rules`); the footer offers only the
        keys that apply, and a key that does not says this."""
        if action not in ROW_ACTIONS:
            return None
        if action in BATCH_ACTIONS and self.selected:
            return None
        row = self.current_row
        if row is None:
            return "no order on this line"
        if action == "message":
            return None
        if action in RETURN_ACTIONS:
            if "case_id" not in row:
                return f"order #{row['id']}: return keys answer a return case on the Refunds tab"
            case = f"case {row['case_id']} on order #{row['id']}"
            kind, status, rma = row["case_kind"], row["case_status"], row["case_rma"]
            if action == "return_label":
                why = return_rules.return_label(kind, status, rma)
            else:
                why = return_rules.receive(kind, status, rma, row["case_received"])
            return f"{case}: {why}" if why is not None else None
        if "case_id" in row:
            case = f"case {row['case_id']} on order #{row['id']}"
            if action == "toggle_select":
                return f"{case}: cases are answered one at a time, not in a batch"
            kind = "refund" if row["case_kind"] in ("refund", "return") else "dispute"
            if action != kind:
                return (
                    f"{case} is a {row['case_kind']}: {'r' if kind == 'refund' else 'D'} answers it"
                )
            if row["case_status"] != "open":
                return f"{case} is already {row['case_status']}"
            return None
        if action == "toggle_select":
            return None
        if action == "mark_paid" and row["channel"] not in row_rules.PAID_BY_HAND:
            return f"order #{row['id']}: a {row['channel']} order's payment comes with its import"
        why = row_rules.why_not(action, row["stage"], row["payment"])
        return f"order #{row['id']}: {why}" if why is not None else None

    def targets(self) -> list[tuple[int, int]]:
        """The selected orders (id, version), else the focused one."""
        if self.selected:
            return list(self.selected.items())
        row = self.current_row
        return [(row["id"], row["version"])] if row is not None else []

    def _what(self, targets: list[tuple[int, int]]) -> str:
        return f"{len(targets)} orders" if len(targets) > 1 else f"order #{targets[0][0]}"

    def ask(
        self,
        make: Callable[[], Dialog[T]],
        act: Callable[[T], list[Call]],
        *,
        batch: bool = False,
    ) -> None:
        """Open the dialog ``make`` builds; what it returns becomes the calls ``act`` makes.
        Refused by the store (nothing done), the same dialog opens again with the fields as
        typed and the refusal shown in it (see :mod:`orderdesk.screens.dialog`)."""

        def opened(dialog: Dialog[T]) -> None:
            def answered(result: T | None) -> None:
                if result is None:
                    return
                asked = act(result)
                if asked:
                    self.perform(
                        asked,
                        batch=batch,
                        refused=lambda line: opened(make().restore(dialog.last_fields, line)),
                    )

            self.app.push_screen(dialog, answered)

        opened(make())

    # -- row keys ------------------------------------------------------------------------

    def action_confirm(self) -> None:
        targets = self.targets()
        self.perform(
            [call(calls.confirm, ref, expected_version=version) for ref, version in targets],
            batch=bool(self.selected),
        )

    def action_cancel_order(self) -> None:
        from orderdesk.screens.reason import ReasonDialog

        targets = self.targets()
        if not targets:
            return
        batch = bool(self.selected)

        def chosen(reason: str) -> list[Call]:
            return [
                call(calls.cancel, ref, reason, expected_version=version)
                for ref, version in targets
            ]

        prompt, confirm = "Why is it cancelled? (the buyer may see this)", "Cancel the order"
        row = self.current_row
        if not batch and row is not None:
            money = row_rules.cancel_consequence(row["payment"])
            if money is not None:
                total = format_amount_text(row["total"], row["currency"])
                prompt = f"Order #{row['id']}: {money} ({total}).\n{prompt}"
                confirm = "Cancel and refund"
        elif batch:
            prompt += "\nPaid orders among them are refunded in full."
        title = f"Cancel {self._what(targets)}"
        self.ask(lambda: ReasonDialog(title, prompt, confirm), chosen, batch=batch)

    def action_deliver(self) -> None:
        self.perform(
            [call(calls.deliver, ref, expected_version=version) for ref, version in self.targets()],
            batch=bool(self.selected),
        )

    def action_tracking(self) -> None:
        from orderdesk.screens.tracking import TrackingDialog, TrackingEntry

        row = self.current_row
        if row is None:
            return

        def chosen(entry: TrackingEntry) -> list[Call]:
            shipped = call(
                calls.ship,
                row["id"],
                entry.carrier,
                entry.number,
                entry.url or None,
                expected_version=row["version"],
            )
            return [shipped]

        self.ask(lambda: TrackingDialog(row), chosen)

    def action_refund(self) -> None:
        from orderdesk.screens.dialog import ChoiceDialog
        from orderdesk.screens.reason import ReasonDialog
        from orderdesk.screens.refund import RefundDialog, RefundEntry

        row = self.current_row
        if row is None:
            return
        if "case_id" in row:
            case = row["case_id"]

            def rejected(reason: str) -> list[Call]:
                return [call(calls.reject_refund, case, reason)]

            def answered(choice: str | None) -> None:
                if choice == "accept":
                    self.perform([call(calls.accept_refund, case)])
                elif choice == "reject":
                    self.ask(
                        lambda: ReasonDialog(
                            f"Reject case {case} on order #{row['id']}",
                            "Why is the request rejected?",
                            "Reject",
                        ),
                        rejected,
                    )

            self.app.push_screen(
                ChoiceDialog(
                    f"{row['case_kind'].capitalize()} request {case} · order #{row['id']}",
                    f"{format_amount_text(row['case_amount'], row['currency'])} asked: "
                    f"{row['case_reason']}",
                    [("accept", "Accept: refund it"), ("reject", "Reject…")],
                ),
                answered,
            )
            return

        def requested(entry: RefundEntry) -> list[Call]:
            return [
                call(
                    calls.request_refund,
                    row["id"],
                    entry.amount,
                    entry.reason,
                    kind=entry.kind,
                    expected_version=row["version"],
                )
            ]

        self.ask(lambda: RefundDialog(row), requested)

    def action_dispute(self) -> None:
        from orderdesk.screens.dialog import ChoiceDialog
        from orderdesk.screens.reason import ReasonDialog

        row = self.current_row
        if row is None:
            return
        if "case_id" in row:
            case = row["case_id"]

            def resolved(choice: str | None) -> None:
                if choice in ("won", "lost"):
                    self.perform([call(calls.resolve_dispute, case, won=choice == "won")])

            self.app.push_screen(
                ChoiceDialog(
                    f"Dispute {case} · order #{row['id']}",
                    f"{format_amount_text(row['case_amount'], row['currency'])} at stake: "
                    f"{row['case_reason']}",
                    [("won", "Won"), ("lost", "Lost: refund the buyer")],
                ),
                resolved,
            )
            return

        def opened(reason: str) -> list[Call]:
            return [call(calls.open_dispute, row["id"], reason, expected_version=row["version"])]

        self.ask(
            lambda: ReasonDialog(
                f"Open a dispute on order #{row['id']}",
                "What does the buyer claim?",
                "Open dispute",
            ),
            opened,
        )

    def action_return_label(self) -> None:
        """R: the return label of the focused accepted return, written (and printed when a
        printer is set) in a job."""
        from orderdesk.screens.progress import run_job

        row = self.current_row
        if row is None or "case_id" not in row:
            return
        database, settings, case = self.database, self.settings, row["case_id"]

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from orderdesk.documents.return_label import write_return_label

            return write_return_label(database, case, settings=settings, size=settings.label_size)

        def finished(run: Any) -> None:
            path, rma, printed = run
            where = f"; printer: {printed}" if printed else ""
            self.notify(f"Return label {rma} (case {case}) written to {path}{where}")

        run_job(self.app, f"Return label of case {case}", job, finished)

    def action_return_received(self) -> None:
        """v: the focused accepted return's parcel arrived; its items go back in stock."""
        row = self.current_row
        if row is not None and "case_id" in row:
            self.perform([call(calls.receive_return, row["case_id"])])

    def action_message(self) -> None:
        from orderdesk.screens.message import MessageDialog, MessageEntry

        row = self.current_row
        if row is None:
            return

        def written(entry: MessageEntry) -> list[Call]:
            return [call(calls.add_message, row["id"], entry.body, direction=entry.direction)]

        self.ask(lambda: MessageDialog(row), written)

    def action_label(self) -> None:
        targets = self.targets()
        if not targets:
            return
        from orderdesk.screens.progress import run_job

        refs = [ref for ref, _version in targets]
        database, settings, selection = self.database, self.settings, self.selected

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from orderdesk.services.labels import print_labels

            return print_labels(
                database, refs, settings=settings, progress=progress, cancelled=cancelled
            )

        def finished(run: Any) -> None:
            done = []
            if run.printed:
                done.append(f"{len(run.printed)} label(s) written to {run.path}")
            if run.printer_message:
                done.append(run.printer_message)
            refused = [
                reason if str(ref) in reason else f"order {ref}: {reason}"
                for ref, reason in run.refused
            ]
            self.report(done, refused)
            for note in run.notes:
                self.notify(note, severity="warning", timeout=10)
            if run.printed:
                selection.clear()
            self.reload()

        run_job(self.app, f"Printing {len(refs)} label(s)", job, finished)

    # -- the exceptions of an order day ----------------------------------------------------

    def _with_detail(self, order_id: int, then: Callable[[OrderDetail], None]) -> None:
        """Read one order in a worker, then call ``then`` with it on the UI thread."""
        database, app = self.database, self.app

        def read() -> None:
            from orderdesk.store.queries import order_detail

            try:
                with database.reader() as reader:
                    detail = order_detail(reader, order_id, database.clock())
            except DeskError as error:
                app.call_from_thread(self.notify, error.message, severity="error")
                return
            app.call_from_thread(then, detail)

        app.run_worker(read, thread=True, group="order-read", exit_on_error=False)

    def action_edit_contact(self) -> None:
        from orderdesk.screens.fields import Field, FieldsDialog

        row = self.current_row
        if row is None:
            return

        def ask(detail: OrderDetail) -> None:
            ship = detail["ship_to"]
            fields = [Field(f"ship_{key}", label, ship[key]) for key, label in EDIT_LABELS]
            fields += [
                Field("buyer_email", "Buyer's email", detail["buyer_email"]),
                Field("buyer_phone", "Buyer's phone", detail["buyer_phone"]),
            ]

            def changed(values: dict[str, str] | None) -> None:
                if values:
                    self.perform(
                        [call(calls.edit, row["id"], values, expected_version=row["version"])]
                    )

            self.app.push_screen(
                FieldsDialog(
                    f"Edit order #{row['id']}",
                    "Ship-to and contact; the journal keeps who changed what.",
                    fields,
                    "Save",
                ),
                changed,
            )

        self._with_detail(row["id"], ask)

    def action_mark_paid(self) -> None:
        from orderdesk.screens.fields import Field, FieldsDialog

        row = self.current_row
        if row is None:
            return

        def paid(values: dict[str, str] | None) -> None:
            if values is not None:
                self.perform(
                    [
                        call(
                            calls.mark_paid,
                            row["id"],
                            values["method"],
                            values["reference"],
                            expected_version=row["version"],
                        )
                    ]
                )

        self.app.push_screen(
            FieldsDialog(
                f"Mark order #{row['id']} paid",
                f"{format_amount_text(row['total'], row['currency'])} from {row['buyer_name']}",
                [
                    Field("method", "Method", placeholder="cash, transfer, card…"),
                    Field("reference", "Reference", placeholder="receipt or transfer number"),
                ],
                "Mark paid",
                every=True,
            ),
            paid,
        )

    def action_change_lines(self) -> None:
        from orderdesk.screens.fields import Field, FieldsDialog

        row = self.current_row
        if row is None:
            return

        def changed(values: dict[str, str] | None) -> None:
            if values is None:
                return
            from orderdesk.domain.amendments import parse_line_changes

            try:
                changes = parse_line_changes(values["changes"])
            except DeskError as error:
                self.notify(error.message, title="Lines", severity="error", timeout=8)
                return
            self.perform(
                [call(calls.change_lines, row["id"], changes, expected_version=row["version"])]
            )

        self.app.push_screen(
            FieldsDialog(
                f"Lines of order #{row['id']}",
                f"Now: {row['items']}. A paid order's removed value is refunded.",
                [
                    Field(
                        "changes",
                        "Changes",
                        placeholder="set SKU 2 [PRICE]; remove SKU; swap OLD NEW",
                        required=True,
                    )
                ],
                "Change lines",
                every=True,
            ),
            changed,
        )

    def action_hold(self) -> None:
        from orderdesk.screens.fields import Field, FieldsDialog

        row = self.current_row
        if row is None:
            return
        if row.get("hold"):
            self.perform([call(calls.release, row["id"], expected_version=row["version"])])
            return

        from orderdesk.domain.periods import date_hint

        dates = self.settings.dates

        def until(values: dict[str, str]) -> datetime | None:
            """The hold's date, read by the domain (checked before the form closes)."""
            from orderdesk.domain.periods import local_midnight, parse_local_day

            text = values["until"].strip()
            return local_midnight(parse_local_day(text, "Until", dates)) if text else None

        def held(values: dict[str, str]) -> list[Call]:
            return [
                call(
                    calls.hold,
                    row["id"],
                    values["reason"],
                    until(values),
                    expected_version=row["version"],
                )
            ]

        self.ask(
            lambda: FieldsDialog(
                f"Hold order #{row['id']}",
                "It cannot be confirmed or labelled until released, or until the date comes.",
                [
                    Field(
                        "reason",
                        "Waiting for",
                        placeholder="restock, the buyer's answer…",
                        required=True,
                    ),
                    Field("until", "Until (optional)", placeholder=date_hint(dates)),
                ],
                "Hold",
                every=True,
                check=until,
            ),
            held,
        )

    def action_stock(self) -> None:
        from orderdesk.screens.stock import StockScreen

        self._stale = True  # what changes there (a receipt) shows here after
        if not self.app.is_screen_installed("stock"):  # made once, kept: opening is a switch
            self.app.install_screen(StockScreen(self.database), "stock")
        self.app.push_screen("stock")

    def action_pack(self) -> None:
        """K: the packing screen, driven by a barcode scanner."""
        from orderdesk.screens.pack import PackScreen

        self._stale = True  # a packed order shows so on the desk after
        self.app.push_screen(PackScreen(self.database, self.settings))

    def action_merge(self) -> None:
        """M: the buyer's other unshipped orders, each with why it cannot merge; confirming
        merges them with the focused order into one shipment."""
        row = self.current_row
        if row is None:
            self.notify("no order on this line", title="Not now", severity="warning")
            return
        self._read_merge_candidates(row["id"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge")
    def _read_merge_candidates(self, order_id: int) -> None:
        try:
            found = self.database.perform(calls.merge_candidates, order_id)
        except DeskError as error:
            self.app.call_from_thread(self.report, [], [error.message])
            return
        self.app.call_from_thread(self._merge_listed, found)

    def _merge_listed(self, found: Any) -> None:
        from orderdesk.screens.merge import MergeDialog

        def chosen(ids: list[int] | None) -> None:
            if ids:
                self.perform([call(calls.merge, [found.order_id, *ids])])

        self.app.push_screen(MergeDialog(found), chosen)

    def action_copy(self) -> None:
        """y: the focused order's carrier and tracking number (``carrier tracking``, one line
        per shipment), tracking URL or ship-to address to the clipboard (the terminal's, by
        OSC 52), read in a worker."""
        row = self.current_row
        if row is None:
            self.notify("no order on this line", title="Not now", severity="warning")
            return
        self._read_for_copy(row["id"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="copy")
    def _read_for_copy(self, order_id: int) -> None:
        from orderdesk.store.queries import order_detail

        with self.database.reader() as reader:
            detail = order_detail(reader, order_id, self.database.clock())
        self.app.call_from_thread(self._offer_copy, order_id, detail)

    def _offer_copy(self, order_id: int, detail: OrderDetail) -> None:
        from orderdesk.screens.dialog import ChoiceDialog

        ship = detail["ship_to"]
        address = "\n".join(
            part
            for part in (
                ship["name"],
                ship["line1"],
                ship["line2"],
                " ".join(p for p in (ship["postal_code"], ship["city"]) if p),
                ship["region"],
                ship["country"],
            )
            if part
        )
        from orderdesk.domain.upload_channels import shipments_to_copy

        texts = {"address": address}
        choices = [("address", "Ship-to address")]
        if detail.get("tracking_url"):
            texts["url"] = detail["tracking_url"]
            choices.insert(0, ("url", "Tracking URL"))
        tracking = shipments_to_copy(detail)
        if tracking:  # first: what a marketplace without an upload wants pasted
            texts["tracking"] = "\n".join(tracking)
            choices.insert(0, ("tracking", "Carrier and tracking number"))

        def chosen(which: str | None) -> None:
            if which in texts:
                self.app.copy_to_clipboard(texts[which])
                self.notify(f"Copied the {dict(choices)[which].lower()} of order #{order_id}")

        self.app.push_screen(
            ChoiceDialog(f"Copy from order #{order_id}", "Which one to the clipboard?", choices),
            chosen,
        )

    def action_documents(self) -> None:
        """w: an invoice, packing slip or pick list (the command line's documents), for the
        selected orders, else the focused one; a pick list with nothing selected covers the
        whole tab on screen."""
        from orderdesk.documents.paperwork import PICK_TABS
        from orderdesk.screens.dialog import ChoiceDialog
        from orderdesk.screens.progress import run_job

        refs = [ref for ref, _version in self.targets()]
        view = self.list_view
        whole_tab = not self.selected and view in {tab.value for tab in PICK_TABS}
        if not refs and not whole_tab:
            self.notify("no order on this line", title="Not now", severity="warning")
            return
        database, settings = self.database, self.settings
        what = f"{len(refs)} orders" if len(refs) > 1 else f"order #{refs[0]}" if refs else ""

        def chosen(kind: str | None) -> None:
            if kind is None:
                return

            def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
                from orderdesk.documents import paperwork

                if kind == "invoice":
                    return paperwork.write_invoices(database, refs, settings=settings)
                if kind == "packing":
                    return paperwork.write_packing_slips(database, refs)
                if whole_tab:
                    return paperwork.write_picklist(database, tab=view or "all")
                return paperwork.write_picklist(database, tab="all", ids=refs)

            def finished(run: Any) -> None:
                if run.path is None:
                    self.report([], [f"{what}: no document written"])
                    return
                self.notify(f"{DOCUMENTS[kind]} written to {run.path}", title="Written")

            run_job(self.app, f"Writing the {DOCUMENTS[kind].lower()}", job, finished)

        pick = "Pick list of the tab" if whole_tab else "Pick list"
        choices = [("invoice", "Invoice"), ("packing", "Packing slip"), ("pick", pick)]
        if not refs:
            choices = choices[2:]
        self.app.push_screen(
            ChoiceDialog("Papers", f"For {what or 'this tab'}: which document?", choices), chosen
        )

    # -- desk-wide keys ------------------------------------------------------------------

    def action_undo(self) -> None:
        """Says what it reverses; asks first unless it is this desk's own latest action and
        moves no money (the domain's :meth:`UndoPlan.needs_asking`)."""
        self._plan_undo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="undo")
    def _plan_undo(self) -> None:
        try:
            plan = self.database.perform(calls.plan_undo)
        except DeskError as error:
            self.app.call_from_thread(self.report, [], [error.message])
            return
        self.app.call_from_thread(self._undo_planned, plan)

    def _undo_planned(self, plan: Any) -> None:
        undo: Call = call(calls.undo, entry_id=plan.entry_id)
        if not plan.needs_asking(self.latest_entry, self.looking_at):
            self.perform([undo])
            return
        from orderdesk.screens.dialog import ChoiceDialog

        def answered(choice: str | None) -> None:
            if choice == "undo":
                self.perform([undo])

        self.app.push_screen(
            ChoiceDialog(
                f"Undo {plan.what}?", plan.question(self.opened_at), [("undo", "Undo it")]
            ),
            answered,
        )

    def action_new_order(self) -> None:
        from orderdesk.screens.new_order import NewOrderScreen

        def entered(draft: Any) -> None:
            if draft is not None:
                self.perform(
                    [call(calls.create_order, draft, handling_days=self.settings.handling_days)]
                )

        self.app.push_screen(NewOrderScreen(self.database), entered)

    def action_export(self) -> None:
        from orderdesk.screens.export import ExportDialog, ExportRequest
        from orderdesk.screens.progress import run_job

        database = self.database

        def chosen(request: ExportRequest | None) -> None:
            if request is None:
                return

            def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
                from orderdesk.exchange.workbook import export_workbook

                return export_workbook(
                    database,
                    request.start,
                    request.end,
                    request.out,
                    fmt=request.fmt,
                    progress=progress,
                    cancelled=cancelled,
                )

            run_job(
                self.app,
                f"Exporting {request.start:%B %Y}",
                job,
                lambda path: self.notify(f"Workbook written to {path}", title="Exported"),
            )

        self.app.push_screen(ExportDialog(database.clock().date()), chosen)

    def action_import_file(self, path: str = "") -> None:
        """The import dialog; a file whose header no format knows opens the mapping screen
        first, and the mapping made there is saved and used for the dry run and import."""
        from dataclasses import replace

        from orderdesk.screens.import_file import ImportDialog, ImportRequest
        from orderdesk.screens.progress import run_job

        database, handling_days = self.database, self.settings.handling_days

        def chosen(request: ImportRequest | None) -> None:
            if request is None:
                return

            def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
                from orderdesk.exchange import mapping
                from orderdesk.services.importing import import_file

                if request.mapping is not None:
                    mapping.save(request.mapping)
                elif request.fmt == "auto":
                    layout = mapping.unknown_layout(request.path)
                    if layout is not None:
                        return layout, mapping.saved_for(layout.header)
                return import_file(
                    database,
                    request.path,
                    fmt=request.fmt,
                    dry_run=request.dry_run,
                    handling_days=handling_days,
                    progress=progress,
                    cancelled=cancelled,
                    mapping=request.mapping,
                )

            def mapped(made: Any) -> None:
                if made is not None:
                    chosen(replace(request, mapping=made, dry_run=True))

            def again(next_request: ImportRequest | None) -> None:  # the mapping stays
                chosen(
                    None if next_request is None else replace(next_request, mapping=request.mapping)
                )

            def finished(report: Any) -> None:
                if isinstance(report, tuple):
                    from orderdesk.screens.mapping import MappingScreen

                    self.app.push_screen(MappingScreen(*report), mapped)
                    return
                if report.dry_run:
                    self.app.push_screen(ImportDialog(str(request.path), report), again)
                    return
                self.notify(report.summary(), title="Imported")
                for problem in list(report.rejected)[:4]:
                    self.notify(problem, title="Rejected", severity="error", timeout=10)
                self.reload()

            def failed(problem: str) -> None:  # the file refused: the path stays to correct
                self.app.push_screen(ImportDialog(text).restore({"path": text}, problem), chosen)

            text = str(request.path)
            run_job(self.app, f"Importing {request.path.name}", job, finished, failed)

        self.app.push_screen(ImportDialog(path), chosen)

    def action_insights(self) -> None:
        from orderdesk.screens.insights import InsightsScreen

        self.app.push_screen(InsightsScreen(self.database, date_order=self.settings.dates))
