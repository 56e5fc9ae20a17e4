"""The keys that act on one order, declared once: the desk binds them for its focused row (or
its selection), the detail screen for the order it shows. Both run the same actions
(:class:`~orderdesk.screens.desk_actions.RowActions`) under the same binding ids, so a key the
seller remaps in config.toml moves on both."""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding

#: What happens to an order through its day, in the footer.
ORDER_KEYS = [
    Binding("c", "confirm", "Confirm", tooltip="Confirm (takes stock)", id="confirm"),
    Binding("x", "cancel_order", "Cancel", tooltip="Cancel with a reason", id="cancel"),
    Binding("p", "label", "Label", tooltip="Print the shipping label", id="label"),
    Binding("t", "tracking", "Tracking", tooltip="Add tracking: in transit", id="tracking"),
    Binding("d", "deliver", "Delivered", tooltip="Mark delivered", id="deliver"),
    Binding("r", "refund", "Refund", tooltip="Refund request, or accept/reject one", id="refund"),
    Binding("D", "dispute", "Dispute", tooltip="Open a dispute, or resolve one", id="dispute"),
    Binding(
        "R",
        "return_label",
        "Return label",
        tooltip="Print the return label of an accepted return (its RMA as a barcode)",
        id="return-label",
    ),
    Binding(
        "v",
        "return_received",
        "Received",
        tooltip="The returned parcel arrived: its items go back in stock",
        id="return-received",
    ),
    Binding("m", "message", "Message", tooltip="Message the buyer or add a note", id="message"),
]

#: The exceptions of an order day: editing, paying by hand, changing lines, holding.
EXCEPTION_KEYS = [
    Binding(
        "E",
        "edit_contact",
        "Edit",
        show=False,
        tooltip="Edit the ship-to address and the buyer's contact",
        id="edit-contact",
    ),
    Binding(
        "dollar_sign",
        "mark_paid",
        "Paid",
        key_display="$",
        show=False,
        tooltip="Mark a direct or manual sale paid (method, reference)",
        id="mark-paid",
    ),
    Binding(
        "L",
        "change_lines",
        "Lines",
        show=False,
        tooltip="Change lines before confirming: quantity, substitute, remove",
        id="change-lines",
    ),
    Binding("h", "hold", "Hold", tooltip="Hold with a reason and a date, or release", id="hold"),
]

#: What the order gives out: its addresses and tracking link, its papers.
PAPER_KEYS = [
    Binding(
        "y",
        "copy",
        "Copy",
        show=False,
        tooltip="Copy the tracking URL or the ship-to address",
        id="copy",
    ),
    Binding(
        "w",
        "documents",
        "Papers",
        show=False,
        tooltip="Invoice, packing slip or pick list of the selected or focused orders",
        id="documents",
    ),
]

#: Keys both screens answer beyond the order's own: undo (with the domain's question) and
#: reading the database again.
UNDO_KEY = Binding("u", "undo", "Undo", tooltip="Undo the last action", id="undo")
RELOAD_KEY = Binding(
    "ctrl+r",
    "reload",
    "Reload",
    show=False,
    key_display="^r",
    tooltip="Read again from the database",
    id="reload",
)


def bound_keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys ``binding`` answers to, with the seller's keymap (config.toml) applied as
    Textual applies it: by the binding's id."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [key.strip() for key in keys.split(",")]
