"""A reportlab canvas set up the way every OrderDesk PDF is: embedded fonts from the first
line (no unembedded Helvetica), Flate-compressed binary page streams.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from orderdesk.documents import fonts


def new_canvas(stream: BinaryIO, pagesize: tuple[float, float], title: str) -> Canvas:
    fonts.register_fonts()
    # reportlab's process-wide switch: ASCII85 on top of Flate makes page streams 25% larger
    # and costs more time than drawing them; every PDF reader takes binary streams.
    rl_config.useA85 = 0
    canvas = Canvas(stream, pagesize=pagesize, pageCompression=1, initialFontName=fonts.REGULAR)
    canvas.setTitle(title)
    canvas.setCreator("OrderDesk")
    return canvas
