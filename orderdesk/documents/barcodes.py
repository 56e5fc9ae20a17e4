"""Code 128 and QR codes drawn straight onto a reportlab canvas.

Code 128 bars are at least 10 mil (0.01 in) wide: a scanner reads them from 100 dpi up, and
labels rendered at a thermal printer's 203 dpi decode. Where there is room the module is three
printer dots (about 14.8 mil). The QR code is segno's module matrix drawn as one path of
rectangles (reportlab's own QR widget costs about 30 ms a code; this about 0.6 ms).
"""

from __future__ import annotations

from functools import lru_cache

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from orderdesk.domain.errors import BadInput

POINTS_PER_INCH = 72.0
MIN_MODULE = 0.010 * POINTS_PER_INCH  # 10 mil
THERMAL_DOT = POINTS_PER_INCH / 203  # one dot of a 203 dpi thermal printer
PREFERRED_MODULE = 3 * THERMAL_DOT  # about 14.8 mil
QR_MASK = 4


@lru_cache(maxsize=4096)
def code128_modules(value: str) -> int:
    """How many modules wide the Code 128 symbol of ``value`` is (without quiet zones)."""
    return int(Code128(value, barWidth=1, humanReadable=False, quiet=False).width)


def code128_module(
    value: str, room: float, *, what: str = "barcode", minimum: float = MIN_MODULE
) -> float:
    """The module width (points) for ``value`` in ``room`` points: 3 dots, never under 10 mil.

    ``minimum`` is 10 mil in the drawing's units (larger when the drawing is scaled down).
    """
    modules = code128_modules(value)
    module = min(max(PREFERRED_MODULE, minimum), room / modules)
    if module < minimum:
        raise BadInput(
            f"{what}: {value!r} is too long for a Code 128 with 10-mil bars in "
            f"{room / POINTS_PER_INCH:.1f} in"
        )
    return module


def draw_code128(
    canvas: Canvas,
    value: str,
    x: float,
    y: float,
    room: float,
    height: float,
    *,
    what: str = "barcode",
    minimum: float = MIN_MODULE,
) -> float:
    """Draw the symbol centred in ``room`` from ``x``, bars from ``y`` up; returns its width."""
    module = code128_module(value, room, what=what, minimum=minimum)
    symbol = Code128(value, barWidth=module, barHeight=height, humanReadable=False, quiet=False)
    left = x + (room - symbol.width) / 2
    symbol.drawOn(canvas, left, y)
    return float(symbol.width)


@lru_cache(maxsize=256)
def qr_path(data: str) -> tuple[int, str]:
    """The QR code of ``data``: its size in modules and one PDF path of its dark modules.

    The path is in module units (a rectangle per horizontal run of dark modules, y up from the
    bottom row) and ends with one fill. segno picks the data mask by trying all eight and
    scoring them (about 3 ms a code); any mask is a valid QR code that scanners read, so a
    fixed one keeps a batch fast.
    """
    code = segno.make(data, error="m", micro=False, mask=QR_MASK)
    matrix = code.matrix
    size = len(matrix)
    ops: list[str] = []
    for row, modules in enumerate(matrix):
        bottom = size - row - 1
        column = 0
        while column < size:
            if modules[column]:
                start = column
                while column < size and modules[column]:
                    column += 1
                ops.append(f"{start} {bottom} {column - start} 1 re")
            else:
                column += 1
    ops.append("f")
    return size, "\n".join(ops)


def draw_qr(canvas: Canvas, data: str, x: float, y: float, side: float) -> None:
    """Draw the QR code of ``data`` as one filled path in a ``side`` square at (x, y).

    ``side`` includes a quiet zone of two modules on each side.
    """
    size, path = qr_path(data)
    module = side / (size + 4)
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.translate(x + 2 * module, y + 2 * module)
    canvas.scale(module, module)
    canvas.addLiteral("n " + path)
    canvas.restoreState()
