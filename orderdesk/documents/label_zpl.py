"""Shipping labels as ZPL II for 203 dpi thermal printers (4×6 in, one ``^XA…^XZ`` per label).

Text fields are UTF-8 (``^CI28``) with ``^FH`` hex escapes for the characters ZPL reserves.
The printer's resident font 0 draws Latin; names in Cyrillic or CJK need a Unicode font loaded
on the printer (the PDF labels embed their fonts and need nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import BinaryIO

from orderdesk.documents.label_data import LabelData
from orderdesk.documents.output import Cancelled

DOTS_W, DOTS_H = 812, 1218  # 4×6 in at 203 dpi
MARGIN = 30


def escape(text: str) -> str:
    """Text for a ``^FH\\`` field: ZPL's reserved ``^``, ``~`` and ``\\`` as hex escapes."""
    return text.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E").replace("\n", " ")


def barcode_data(value: str) -> str:
    """``^BC`` data: ``>`` starts an invocation code in ZPL's Code 128, so it is written ``><``."""
    return escape(value).replace(">", "><")


def text(
    x: int,
    y: int,
    size: int,
    words: str,
    width: int | None = None,
    *,
    lines: int = 1,
    align: str = "L",
) -> str:
    """A text field in font 0 at ``size`` dots; with ``width`` a ``^FB`` block of ``lines``
    lines (wrapped by the printer), aligned L, R or C."""
    block = f"^FB{width},{lines},0,{align},0" if width else ""
    return f"^FO{x},{y}^A0N,{size},{size}{block}^FH\\^FD{escape(words)}^FS"


def box(x: int, y: int, width: int, height: int, thickness: int = 2) -> str:
    """A ``^GB`` box (a rule when ``height`` or ``width`` equals ``thickness``)."""
    return f"^FO{x},{y}^GB{width},{height},{thickness}^FS"


def tick(x: int, y: int, side: int, ticked: bool) -> str:
    """A form's tick box; a ticked one is crossed with two ``^GD`` diagonals."""
    parts = [box(x, y, side, side, 2)]
    if ticked:
        parts.append(f"^FO{x},{y}^GD{side},{side},3,B,L^FS")
        parts.append(f"^FO{x},{y}^GD{side},{side},3,B,R^FS")
    return "".join(parts)


def start() -> list[str]:
    """The opening commands of a 4×6 label: ``^XA``, UTF-8 text, the label's size and origin."""
    return ["^XA", "^CI28", f"^PW{DOTS_W}", f"^LL{DOTS_H}", "^LH0,0"]


def zpl_label(label: LabelData) -> str:
    """One label: ``^XA`` … ``^XZ``."""
    room = DOTS_W - 2 * MARGIN
    parts = start()
    parts.append(text(MARGIN, MARGIN, 18, "FROM"))
    y = MARGIN + 24
    for line in label.ship_from[:4]:
        parts.append(text(MARGIN, y, 22, line, 420))
        y += 26
    right = DOTS_W - MARGIN - 320
    parts.append(text(right, MARGIN, 60, label.ref, 320, align="R"))
    parts.append(text(right, MARGIN + 70, 24, label.channel_label, 320, align="R"))
    parts.append(text(right, MARGIN + 100, 24, label.order_line, 320, align="R"))
    parts.append(box(MARGIN, 170, room, 3, 3))
    parts.append(text(MARGIN, 185, 20, "SHIP TO"))
    name, *rest = label.ship_to or ("",)
    parts.append(text(MARGIN, 215, 56, name, room))
    y = 280
    for line in rest[:4]:
        parts.append(text(MARGIN, y, 40, line, room))
        y += 46
    parts.append(box(MARGIN, 480, room, 3, 3))
    side = " · ".join(part for part in (label.parcel_mark, label.weight_line) if part)
    parts.append(text(MARGIN, 500, 32, f"{label.carrier_line}   {side}".strip(), room))
    parts.append(box(MARGIN, 545, room, 2, 2))
    parts.append(
        f"^BY3,3,170^FO{MARGIN + 10},570^BCN,170,Y,N,N"
        f"^FH\\^FD{barcode_data(label.barcode_value)}^FS"
    )
    parts.append(box(MARGIN, 800, room, 2, 2))
    parts.append(text(MARGIN, 820, 20, f"ITEMS ({label.units} units)"))
    y = 850
    for sku, quantity in label.items[:11]:
        parts.append(text(MARGIN, y, 24, f"{sku} x {quantity}", 440))
        y += 30
    if len(label.items) > 11:
        parts.append(text(MARGIN, y, 24, f"+ {len(label.items) - 11} more lines", 440))
    if label.tracking_url:
        parts.append(
            f"^FO{DOTS_W - MARGIN - 290},830^BQN,2,6^FH\\^FDMA,{escape(label.tracking_url)}^FS"
        )
    parts.append("^XZ")
    return "\n".join(parts) + "\n"


def write_zpl(
    stream: BinaryIO,
    labels: Iterable[LabelData],
    total: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    after: Callable[[int], str] | None = None,
) -> int:
    """Write one ``^XA…^XZ`` block per label, each followed by what ``after(index)`` gives
    (the labels of a customs form, or ""); returns the number of shipping labels."""
    done = 0
    for done, label in enumerate(labels, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled
        stream.write(zpl_label(label).encode("utf-8"))
        if after is not None:
            stream.write(after(done - 1).encode("utf-8"))
        if progress is not None:
            progress(done, total)
    return done
