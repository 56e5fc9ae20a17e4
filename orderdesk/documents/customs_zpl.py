"""The UPU customs declarations as ZPL II labels (4×6 in at 203 dpi, one ``^XA…^XZ`` each).

``orderdesk label --format zpl`` puts them after the shipment's last parcel label, as the PDF
labels do. The boxes, their UPU numbers and their order are those of the PDF forms
(:mod:`orderdesk.documents.customs_forms`). The CN 22 is a 4×6 form and takes one label while
its articles fit. The CN 23 is an A4 form that a thermal printer cannot print: it continues
over as many 4×6 labels as its fields need, each headed "CN 23", the order and ``k/n``. Unlike
the one-page PDF forms, no article is left to the invoice: a form that runs out of room goes on
on the next label, the column heads repeated.

Every value is its own field (``^FD…^FS``): the catalogue's description, HS code and origin,
the weight in kg, the value in the order's currency, so that what the printer is sent can be
checked against the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from orderdesk.documents.addresses import country_line
from orderdesk.documents.customs_paper import CATEGORY_ORDER, CERTIFICATION, CustomsPaper, kg, value
from orderdesk.documents.label_zpl import DOTS_H, DOTS_W, box, start, text, tick
from orderdesk.domain.customs import CustomsLine
from orderdesk.domain.money import decimal_string

M = 24  # the margin, in dots
ROOM = DOTS_W - 2 * M
HALF = ROOM // 2
THIRD = ROOM // 3
BOTTOM = DOTS_H - M
TOP = 168  # the body starts under the heading every label repeats


@dataclass(frozen=True)
class _Part:
    """A strip of the form: its height in dots and what draws it at ``y``."""

    height: int
    draw: Callable[[int], list[str]]
    head: _Part | None = None  # a table row: the column heads go first on a new label


def zpl_customs(paper: CustomsPaper) -> str:
    """The order's customs form as ZPL: one or more ``^XA…^XZ`` labels."""
    if paper.declaration.form == "CN22":
        blocks = _flow(paper, "CN 22", _cn22_parts(paper))
    else:
        blocks = _flow(paper, "CN 23", _cn23_parts(paper))
    return "".join(blocks)


def _flow(paper: CustomsPaper, form: str, parts: Sequence[_Part]) -> list[str]:
    """Place ``parts`` top to bottom on as many labels as they take; one string per label."""
    bodies: list[list[str]] = [[]]
    y = TOP
    head: _Part | None = None
    for part in parts:
        extra = part.head.height if part.head is not None and part.head is not head else 0
        if y + extra + part.height > BOTTOM and bodies[-1]:
            bodies.append([])
            y, head = TOP, None
        if part.head is not None and part.head is not head:
            bodies[-1].extend(part.head.draw(y))
            y += part.head.height
        head = part.head
        bodies[-1].extend(part.draw(y))
        y += part.height
    count = len(bodies)
    return [
        "\n".join(
            [
                *start(),
                *_heading(paper, form, number, count),
                *body,
                box(6, 6, DOTS_W - 12, DOTS_H - 12, 4),
                "^XZ",
            ]
        )
        + "\n"
        for number, body in enumerate(bodies, start=1)
    ]


def _heading(paper: CustomsPaper, form: str, number: int, count: int) -> list[str]:
    right = DOTS_W - M - 300
    mine = [
        text(M, M + 8, 34, "CUSTOMS DECLARATION", 480),
        text(right, M, 54, form, 300, align="R"),
        text(M, 84, 20, "Designated operator:", 200),
        text(M + 200, 84, 20, paper.operator, 270),
        text(right, 84, 20, "May be opened officially", 300, align="R"),
        text(M, 110, 18, "Important! See instructions on the back", 470),
    ]
    if form == "CN 22":
        mine.append(text(right, 110, 20, f"Order {paper.ref} · {paper.invoice}", 300, align="R"))
    else:
        mine.append(text(right, 110, 20, f"No. of item: {paper.ref}", 300, align="R"))
    if count > 1:
        mine.append(text(right, 134, 20, f"{number}/{count}", 300, align="R"))
    mine.append(box(M, 160, ROOM, 2, 2))
    return mine


def _categories(
    paper: CustomsPaper, x: int, y: int, columns: int, width: int, step: int
) -> list[str]:
    """The six category boxes, the declaration's own ticked."""
    mine: list[str] = []
    for number, kind in enumerate(CATEGORY_ORDER):
        cx = x + (number % columns) * (width // columns)
        cy = y + (number // columns) * step
        mine.append(tick(cx, cy, 22, kind is paper.declaration.category))
        mine.append(text(cx + 30, cy + 2, 20, kind.heading, width // columns - 34))
    return mine


# CN 22 -----------------------------------------------------------------------------------------

X2, X3 = M + 440, M + 590  # the weight (2) and value (3) columns
W2, W3 = X3 - X2 - 12, DOTS_W - M - X3 - 6


def _cn22_parts(paper: CustomsPaper) -> list[_Part]:
    d = paper.declaration

    def columns(y: int, height: int) -> list[str]:
        return [box(X2 - 8, y, 2, height, 2), box(X3 - 8, y, 2, height, 2)]

    def category(y: int) -> list[str]:
        return [
            text(M, y, 18, "Tick one or more boxes"),
            *_categories(paper, M, y + 26, 3, ROOM, 32),
            box(M, y + 90, ROOM, 2, 2),
        ]

    def heads(y: int) -> list[str]:
        return [
            text(
                M + 4, y + 4, 18, "Quantity and detailed description of contents (1)", 420, lines=2
            ),
            text(X2, y + 4, 18, "Weight (in kg) (2)", W2, lines=2),
            text(X3, y + 4, 18, f"Value (3) ({d.currency})", W3, lines=2),
            *columns(y, 50),
            box(M, y + 50, ROOM, 2, 2),
        ]

    head = _Part(52, heads)
    parts = [_Part(96, category)]
    parts += [_Part(78, partial(_cn22_row, d.currency, line), head) for line in d.lines]

    def totals(y: int) -> list[str]:
        return [
            text(M + 4, y + 6, 18, "Total weight (in kg) (6)", 400),
            text(X2, y + 32, 30, kg(d.total_weight_g), W2, align="R"),
            text(X3, y + 6, 18, "Total value (7)", W3),
            text(X3, y + 32, 30, value(d.total_value, d.currency), W3, align="R"),
            *columns(y, 70),
            box(M, y + 70, ROOM, 2, 2),
        ]

    def certification(y: int) -> list[str]:
        return [text(M + 4, y + 10, 19, CERTIFICATION, ROOM - 8, lines=6)]

    def signature(y: int) -> list[str]:
        return [
            text(M + 4, y + 4, 18, "Date and sender's signature (8)", 400),
            text(M + 4, y + 34, 26, paper.date.strftime("%Y-%m-%d"), 180),
            box(M + 200, y + 58, ROOM - 204, 2, 2),
        ]

    parts += [_Part(72, totals), _Part(130, certification), _Part(72, signature)]
    return parts


def _cn22_row(currency: str, line: CustomsLine, y: int) -> list[str]:
    """One article of the CN 22: (1) quantity and description, (2) to (5)."""
    return [
        text(M + 4, y + 6, 22, f"{line.quantity} ×", 56),
        text(M + 62, y + 6, 22, line.description, X2 - M - 76, lines=2),
        text(M + 4, y + 56, 16, "HS tariff number (4)", 166),
        text(M + 172, y + 54, 20, line.hs_code, 130),
        text(M + 300, y + 56, 16, "Origin (5)", 76),
        text(M + 378, y + 54, 20, line.origin, 50),
        text(X2, y + 6, 24, kg(line.weight_g), W2, align="R"),
        text(X3, y + 6, 24, decimal_string(line.value, currency), W3, align="R"),
        box(X2 - 8, y, 2, 78, 2),
        box(X3 - 8, y, 2, 78, 2),
        box(M, y + 77, ROOM, 1, 1),
    ]


# CN 23 -----------------------------------------------------------------------------------------

C_HS, C_ORIGIN, C_KG, C_VALUE = M + 4, M + 190, M + 430, M + 590
W_HS, W_ORIGIN, W_KG, W_VALUE = 180, 230, 150, DOTS_W - M - C_VALUE - 4


def _cn23_parts(paper: CustomsPaper) -> list[_Part]:
    d = paper.declaration

    def addresses(y: int) -> list[str]:
        mine = [box(M, y, HALF, 244, 2), box(M + HALF, y, HALF, 244, 2)]
        for x, heading, lines in ((M, "From", paper.sender), (M + HALF, "To", paper.addressee)):
            mine.append(text(x + 8, y + 8, 20, heading))
            for number, line in enumerate(lines[:6]):
                mine.append(text(x + 8, y + 34 + number * 26, 22, line, HALF - 16))
        mine += [
            text(M + 8, y + 194, 16, f"Tel. No.: {paper.sender_phone}", HALF - 16),
            text(
                M + 8,
                y + 216,
                16,
                f"Sender's customs reference (if any): {paper.sender_tax_id}",
                HALF - 16,
            ),
            text(M + HALF + 8, y + 216, 16, "Importer/addressee reference (if any):", HALF - 16),
        ]
        return mine

    def heads(y: int) -> list[str]:
        return [
            text(M + 4, y + 4, 18, "Detailed description of contents (1)", 540),
            text(M + 560, y + 4, 18, "Quantity (2)", ROOM - 564, align="R"),
            text(C_HS, y + 28, 16, "HS tariff number (7)", W_HS, lines=2),
            text(C_ORIGIN, y + 28, 16, "Country of origin (8)", W_ORIGIN, lines=2),
            text(C_KG, y + 28, 16, "Net weight (in kg) (3)", W_KG, lines=2, align="R"),
            text(C_VALUE, y + 28, 16, f"Value (5) ({d.currency})", W_VALUE, lines=2, align="R"),
            box(M, y, ROOM, 66, 2),
        ]

    head = _Part(66, heads)
    parts = [_Part(250, addresses)]
    parts += [_Part(84, partial(_cn23_row, d.currency, line), head) for line in d.lines]

    def boxes(y: int, height: int, cells: Sequence[tuple[str, str]], ticks: bool) -> list[str]:
        mine: list[str] = []
        for number, (heading, words) in enumerate(cells):
            x = M + number * THIRD
            mine.append(box(x, y, THIRD, height, 2))
            mine.append(text(x + 6, y + 6, 16, heading, THIRD - 12, lines=2))
            if ticks:
                mine.append(tick(x + 6, y + 46, 22, bool(words)))
                mine.append(text(x + 36, y + 48, 22, words, THIRD - 42))
            else:
                mine.append(text(x + 6, y + 42, 26, words, THIRD - 12))
        return mine

    def totals(y: int) -> list[str]:
        return boxes(
            y,
            76,
            (
                ("Total gross weight (in kg) (4)", kg(d.total_weight_g)),
                ("Total value (6)", value(d.total_value, d.currency)),
                ("Postal charges/Fees (9)", value(d.postage, d.currency)),
            ),
            False,
        )

    def category(y: int) -> list[str]:
        return [
            box(M, y, HALF, 134, 2),
            text(M + 6, y + 6, 18, "Category of item (10)", HALF - 12),
            *_categories(paper, M + 8, y + 32, 2, HALF - 8, 34),
            box(M + HALF, y, HALF, 134, 2),
            text(
                M + HALF + 6,
                y + 6,
                16,
                "Comments (11): e.g. goods subject to quarantine, sanitary/phytosanitary "
                "inspection or other restrictions",
                HALF - 12,
                lines=4,
            ),
        ]

    def papers(y: int) -> list[str]:
        return boxes(
            y,
            80,
            (
                ("Licence (12) No(s). of licence(s)", ""),
                ("Certificate (13) No(s). of certificate(s)", ""),
                ("Invoice (14) No. of invoice", paper.invoice),
            ),
            True,
        )

    def certification(y: int) -> list[str]:
        return [
            box(M, y, ROOM, 196, 2),
            text(M + 8, y + 10, 19, CERTIFICATION, ROOM - 16, lines=6),
            text(M + 8, y + 128, 18, "Date and sender's signature (15)", 400),
            text(M + 8, y + 158, 26, paper.date.strftime("%Y-%m-%d"), 180),
            box(M + 200, y + 180, ROOM - 216, 2, 2),
        ]

    def office(y: int) -> list[str]:
        return [
            box(M, y, ROOM, 76, 2),
            text(M + 8, y + 8, 18, "Office of origin/Date of posting", ROOM - 16),
        ]

    parts += [
        _Part(76, totals),
        _Part(134, category),
        _Part(80, papers),
        _Part(196, certification),
        _Part(76, office),
    ]
    return parts


def _cn23_row(currency: str, line: CustomsLine, y: int) -> list[str]:
    """One article of the CN 23: (1) description, (2) quantity, (3) (5) (7) (8)."""
    return [
        text(M + 4, y + 6, 22, line.description, 540, lines=2),
        text(M + 560, y + 6, 24, str(line.quantity), ROOM - 564, align="R"),
        text(C_HS, y + 56, 20, line.hs_code, W_HS),
        text(C_ORIGIN, y + 56, 20, country_line(line.origin), W_ORIGIN),
        text(C_KG, y + 56, 22, kg(line.weight_g), W_KG, align="R"),
        text(C_VALUE, y + 56, 22, decimal_string(line.value, currency), W_VALUE, align="R"),
        box(M, y + 83, ROOM, 1, 1),
    ]
