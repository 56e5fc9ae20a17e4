"""Embedded fonts and text that prints in any script a buyer's name or address may use.

DejaVu Sans (regular and bold) draws Latin with accents, Greek and Cyrillic; WenQuanYi Micro
Hei draws Chinese, Japanese kana and Korean. Text is split into runs per character: each
character goes to DejaVu when DejaVu has it, else to WenQuanYi. Both are TrueType, so reportlab
embeds a subset of each in the PDF (the OTF Noto CJK fonts do not load in reportlab, and the
built-in CID fonts are not embedded). A missing font is a clear error naming the Debian package.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from orderdesk.domain.errors import BadInput

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "WenQuanYiMicroHei"

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@dataclass(frozen=True)
class FontFile:
    name: str
    path: Path
    package: str
    subfont: int = 0


FONT_FILES = (
    FontFile(REGULAR, _DEJAVU / "DejaVuSans.ttf", "fonts-dejavu-core"),
    FontFile(BOLD, _DEJAVU / "DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    FontFile(CJK, _WQY, "fonts-wqy-microhei"),
)

_lock = threading.Lock()
_covered: dict[str, frozenset[int]] = {}


def register_fonts() -> None:
    """Load the label fonts once per process; a missing one names its Debian package."""
    if _covered:
        return
    with _lock:
        if _covered:
            return
        loaded: dict[str, frozenset[int]] = {}
        for font in FONT_FILES:
            if not font.path.is_file():
                raise BadInput(
                    f"font {font.name} not found at {font.path}: install the Debian "
                    f"package {font.package} (apt-get install {font.package})"
                )
            try:
                tt = TTFont(font.name, str(font.path), subfontIndex=font.subfont)
            except Exception as exc:  # noqa: BLE001 - a damaged font file is the user's to fix
                raise BadInput(
                    f"font {font.name} at {font.path} cannot be read ({exc}); "
                    f"reinstall {font.package}"
                ) from None
            pdfmetrics.registerFont(tt)
            loaded[font.name] = frozenset(tt.face.charToGlyph)
        _covered.update(loaded)


@lru_cache(maxsize=8192)
def runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """``text`` as ``(font name, piece)`` runs: DejaVu where it has the glyph, else WenQuanYi."""
    register_fonts()
    latin = BOLD if bold else REGULAR
    has_latin, has_cjk = _covered[latin], _covered[CJK]
    pieces: list[tuple[str, str]] = []
    current, start = latin, 0
    for index, char in enumerate(text):
        code = ord(char)
        font = latin if code < 0x250 or code in has_latin or code not in has_cjk else CJK
        if font != current and index > start:
            pieces.append((current, text[start:index]))
            start = index
        current = font
    if start < len(text):
        pieces.append((current, text[start:]))
    return tuple(pieces)


def width(text: str, size: float, bold: bool = False) -> float:
    return float(sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs(text, bold)))


def draw(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
) -> None:
    """Draw one line at baseline ``y``; ``align`` left, right or centre around ``x``."""
    pieces = runs(text, bold)
    if len(pieces) == 1 and align == "left":  # the common case: one font, nothing to measure
        canvas.setFont(pieces[0][0], size)
        canvas.drawString(x, y, pieces[0][1])
        return
    widths = [pdfmetrics.stringWidth(piece, font, size) for font, piece in pieces]
    if align == "right":
        x -= sum(widths)
    elif align == "centre":
        x -= sum(widths) / 2
    for (font, piece), wide in zip(pieces, widths, strict=True):
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += wide


def fit(
    text: str, size: float, room: float, *, bold: bool = False, smallest: float = 6.0
) -> tuple[str, float]:
    """The size (down to ``smallest``) at which ``text`` fits ``room``; cut with … if none does."""
    wide = width(text, size, bold)
    if wide <= room:
        return text, size
    shrunk = max(smallest, int(size * room / wide * 2) / 2)  # width grows with size: scale it
    if width(text, shrunk, bold) <= room:
        return text, shrunk
    cut = text
    while cut and width(cut + "…", shrunk, bold) > room:
        cut = cut[:-1]
    return cut + "…", shrunk


def draw_fit(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    room: float,
    *,
    bold: bool = False,
    align: str = "left",
    smallest: float = 6.0,
) -> float:
    """Draw ``text`` shrunk (or cut) to fit ``room`` points; returns the size used."""
    shown, used = fit(text, size, room, bold=bold, smallest=smallest)
    draw(canvas, x, y, shown, used, bold=bold, align=align)
    return used


def wrap(
    text: str, size: float, room: float, *, bold: bool = False, max_lines: int = 3
) -> list[str]:
    """Break ``text`` into lines that fit ``room`` (by words; CJK by characters)."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and width(candidate.rstrip(), size, bold) > room:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        last, _ = fit(" ".join(lines[max_lines - 1 :]), size, room, bold=bold, smallest=size)
        lines = lines[: max_lines - 1] + [last]
    return [fit(line, size, room, bold=bold, smallest=size)[0] for line in lines]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for char in text:
        if char == " ":
            word += char
            tokens.append(word)
            word = ""
        elif ord(char) >= 0x2E80:  # CJK: a line may break between any two characters
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens
