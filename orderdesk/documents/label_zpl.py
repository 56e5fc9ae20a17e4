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


def _field(text: str) -> str:
    """Text for a ``^FH\\`` field: ZPL's reserved ``^``, ``~`` and ``\\`` as hex escapes."""
    return text.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E").replace("\n", " ")


def _barcode_data(value: str) -> str:
    """``^BC`` data: ``>`` starts an invocation code in ZPL's Code 128, so it is written ``><``."""
    return _field(value).replace(">", "><")


def _text(x: int, y: int, size: int, text: str, width: int | None = None) -> str:
    block = f"^FB{width},1,0,L,0" if width else ""
    return f"^FO{x},{y}^A0N,{size},{size}{block}^FH\\^FD{_field(text)}^FS"


def zpl_label(label: LabelData) -> str:
    """One label: ``^XA`` … ``^XZ``."""
    room = DOTS_W - 2 * MARGIN
    parts = ["^XA", "^CI28", f"^PW{DOTS_W}", f"^LL{DOTS_H}", "^LH0,0"]
    parts.append(_text(MARGIN, MARGIN, 18, "FROM"))
    y = MARGIN + 24
    for line in label.ship_from[:4]:
        parts.append(_text(MARGIN, y, 22, line, 420))
        y += 26
    parts.append(
        f"^FO{DOTS_W - MARGIN - 320},{MARGIN}^A0N,60,60^FB320,1,0,R,0^FH\\^FD{_field(label.ref)}^FS"
    )
    parts.append(
        f"^FO{DOTS_W - MARGIN - 320},{MARGIN + 70}^A0N,24,24^FB320,1,0,R,0"
        f"^FH\\^FD{_field(label.channel_label)}^FS"
    )
    parts.append(
        f"^FO{DOTS_W - MARGIN - 320},{MARGIN + 100}^A0N,24,24^FB320,1,0,R,0"
        f"^FH\\^FD{_field(label.order_line)}^FS"
    )
    parts.append(f"^FO{MARGIN},170^GB{room},3,3^FS")
    parts.append(_text(MARGIN, 185, 20, "SHIP TO"))
    name, *rest = label.ship_to or ("",)
    parts.append(_text(MARGIN, 215, 56, name, room))
    y = 280
    for line in rest[:4]:
        parts.append(_text(MARGIN, y, 40, line, room))
        y += 46
    parts.append(f"^FO{MARGIN},480^GB{room},3,3^FS")
    side = " · ".join(part for part in (label.parcel_mark, label.weight_line) if part)
    parts.append(_text(MARGIN, 500, 32, f"{label.carrier_line}   {side}".strip(), room))
    parts.append(f"^FO{MARGIN},545^GB{room},2,2^FS")
    parts.append(
        f"^BY3,3,170^FO{MARGIN + 10},570^BCN,170,Y,N,N"
        f"^FH\\^FD{_barcode_data(label.barcode_value)}^FS"
    )
    parts.append(f"^FO{MARGIN},800^GB{room},2,2^FS")
    parts.append(_text(MARGIN, 820, 20, f"ITEMS ({label.units} units)"))
    y = 850
    for sku, quantity in label.items[:11]:
        parts.append(_text(MARGIN, y, 24, f"{sku} x {quantity}", 440))
        y += 30
    if len(label.items) > 11:
        parts.append(_text(MARGIN, y, 24, f"+ {len(label.items) - 11} more lines", 440))
    if label.tracking_url:
        parts.append(
            f"^FO{DOTS_W - MARGIN - 290},830^BQN,2,6^FH\\^FDMA,{_field(label.tracking_url)}^FS"
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
) -> int:
    """Write one ``^XA…^XZ`` block per label; returns the number of labels."""
    done = 0
    for done, label in enumerate(labels, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled
        stream.write(zpl_label(label).encode("utf-8"))
        if progress is not None:
            progress(done, total)
    return done
