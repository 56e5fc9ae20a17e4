"""``orderdesk show ORDER`` for people: the order's card, money, cases, thread and timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from orderdesk.commands.output import MINUTES, SECONDS, console, visible
from orderdesk.domain.money import format_amount_text
from orderdesk.domain.periods import local_time

if TYPE_CHECKING:
    from orderdesk.store.rows import CaseRow, MoneyKey, OrderDetail

#: The fee composition, in the order ``show`` prints it.
_MONEY: tuple[MoneyKey, ...] = (
    "subtotal",
    "shipping",
    "tax",
    "discount",
    "total",
    "fee",
    "shipping_cost",
    "refunded",
    "net",
)


def print_detail(detail: OrderDetail) -> None:
    detail = visible(detail)
    cur = detail["currency"]
    head = Text.assemble(
        (f"Order #{detail['id']}", "bold"),
        f"  {detail['channel']} {detail['external_id']}  ",
        (detail["stage"].replace("_", " "), "bold cyan"),
        f"  payment {detail['payment']}",
    )
    ship_to = detail["ship_to"]
    address = "\n".join(
        part
        for part in (
            ship_to["name"],
            ship_to["line1"],
            ship_to["line2"],
            " ".join(p for p in (ship_to["postal_code"], ship_to["city"], ship_to["region"]) if p),
            ship_to["country"],
        )
        if part
    )
    people = Table.grid(padding=(0, 2))
    people.add_row(
        Text("Buyer", style="bold"),
        Text(f"{detail['buyer_name']}  {detail['buyer_email']}  {detail['buyer_phone']}".strip()),
    )
    people.add_row(Text("Ship to", style="bold"), Text(address))
    if detail["ship_by"]:
        flag = " (overdue)" if detail["overdue"] else " (due soon)" if detail["due_soon"] else ""
        people.add_row(
            Text("Ship by", style="bold"), Text(local_time(detail["ship_by"], MINUTES) + flag)
        )
    hold = detail.get("hold")
    if hold:
        until = f" until {local_time(hold['until'], '%Y-%m-%d')}" if hold["until"] else ""
        state = "" if hold["active"] else " (its date has come: lifted)"
        people.add_row(Text("Hold", style="bold"), Text(f"{hold['reason']}{until}{state}"))
    if detail.get("paid_method") or detail.get("paid_reference"):
        people.add_row(
            Text("Paid by", style="bold"),
            Text(f"{detail['paid_method']} {detail['paid_reference']}".strip()),
        )
    if detail["tracking_number"]:
        people.add_row(
            Text("Tracking", style="bold"),
            Text(f"{detail['carrier']} {detail['tracking_number']}  {detail['tracking_url']}"),
        )
    if detail.get("merged_with"):
        people.add_row(
            Text("Merged", style="bold"),
            Text("one shipment with " + ", ".join(f"#{i}" for i in detail["merged_with"])),
        )
    lines = Table("SKU", "Title", "Qty", "Unit price", title="Lines", title_justify="left")
    for line in detail["lines"]:
        title = line["title"] + (f" ({line['variant']})" if line["variant"] else "")
        lines.add_row(
            Text(line["sku"]),
            Text(title),
            str(line["quantity"]),
            format_amount_text(line["unit_price"], cur),
        )
    money = Table("", cur, title="Money", title_justify="left")
    for name in _MONEY:
        money.add_row(name.replace("_", " "), format_amount_text(detail["money"][name], cur))
    parts: list[RenderableType] = [head, people, lines, money]
    if detail["cases"]:
        cases = Table(
            "Case",
            "Kind",
            "Status",
            "Amount",
            "Reason",
            "Respond by",
            title="Cases",
            title_justify="left",
        )
        for case in detail["cases"]:
            cases.add_row(
                str(case["id"]),
                case["kind"],
                case["status"] + _return_state(case),
                format_amount_text(case["amount"], cur),
                Text(case["reason"]),
                local_time(case["respond_by"], MINUTES),
            )
        parts.append(cases)
    if detail["messages"]:
        thread = Table("When", "Who", "Message", title="Messages", title_justify="left")
        for msg in detail["messages"]:
            thread.add_row(
                local_time(msg["at"], MINUTES),
                f"{msg['direction']} {msg['author']}",
                Text(msg["body"]),
            )
        parts.append(thread)
    timeline = Table("When", "Action", "What", title="Journal", title_justify="left")
    for entry in detail["journal"]:
        undone = " (undone)" if entry["undone_by"] else ""
        timeline.add_row(
            local_time(entry["at"], SECONDS), entry["action"] + undone, Text(entry["summary"])
        )
    parts.append(timeline)
    console().print(Panel(Group(*parts), expand=False))


def _return_state(case: CaseRow) -> str:
    """An accepted return's RMA, and whether its parcel came back."""
    if not case.get("rma"):
        return ""
    return f" · {case['rma']} {'received' if case['received'] else 'awaited'}"
