"""Reading an import file: its encoding, its delimiter, its rows, and where each problem is.

CSV and TSV files stream through the ``csv`` module (a 250,000-row export is never held as one
string); XLSX workbooks are read with openpyxl's read-only mode. Every row keeps its number as a
spreadsheet shows it (the header is the row it is on), so a problem is reported as
``row 12, column "Total"``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orderdesk.domain.errors import BadInput

#: A field longer than this is refused (an export's longest field, a note, is far shorter).
MAX_FIELD = 65_536
#: Stop collecting problems after this many (the first ones say what is wrong).
MAX_PROBLEMS = 200
#: A workbook part (a sheet's XML) larger than this is refused: a million-row export is ~600 MB.
MAX_PART_BYTES = 2_000_000_000
#: A part over this size that expands more than MAX_EXPANSION-fold is padding, not data
#: (spreadsheet XML compresses 5- to 30-fold).
BLOATED_PART_BYTES = 32_000_000
MAX_EXPANSION = 200
#: How far down a workbook the header row is looked for (Mercado Libre puts it on row 6).
HEADER_SEARCH_ROWS = 15

csv.field_size_limit(64 * 1024 * 1024)  # we check field sizes ourselves, with row and column

_CHUNK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Office file; save it as .xlsx or .csv",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"SQLite format 3": "a database",
}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as a spreadsheet names its columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def where(row: int, column: str) -> str:
    return f"row {row}, column {column}"


class Problems:
    """The problems found in one file, each naming its row and column."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []
        self.total = 0
        #: Facts that look odd but are the channel's to decide: reported, never refused.
        self.warnings: list[str] = []
        #: The file rows with a problem (``--skip-bad`` sets them aside).
        self.rows: set[int] = set()

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        self.rows.add(row)
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(f"{where(row, column)}: {message}")

    def warn(self, row: int, column: str, message: str) -> None:
        if len(self.warnings) < MAX_PROBLEMS:
            self.warnings.append(f"{where(row, column)}: {message}")

    def __bool__(self) -> bool:
        return self.total > 0

    def fail(self) -> BadInput:
        """The error to raise: the first problem, and how many there are in all."""
        more = self.total - 1
        tail = (
            (
                f" (and {more} more problem{'s' if more > 1 else ''}; "
                f"`orderdesk import --dry-run` lists them)"
            )
            if more
            else ""
        )
        return BadInput(f"{self.name}: {self.items[0]}{tail}")


def bad(name: str, row: int, column: str, message: str) -> BadInput:
    return BadInput(f"{name}: {where(row, column)}: {message}")


@dataclass
class Table:
    """The header and the data rows of an import file (rows stream, numbered as shown)."""

    name: str
    kind: str  # "csv" | "xlsx"
    header_row: int
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    estimated_rows: int
    date_order: str | None = None  # how slash dates are written, when the layout says
    decimal_mark: str | None = None  # "." or ",", when the layout says
    #: How problems name a renamed column: the file's own header (a mapping renames them).
    labels: dict[str, str] | None = None

    def column_name(self, index: int) -> str:
        if (
            self.labels is not None
            and index < len(self.header)
            and self.header[index] in self.labels
        ):
            return self.labels[self.header[index]]
        label = self.header[index] if index < len(self.header) and self.header[index] else ""
        return f'"{label}" ({column_letter(index)})' if label else column_letter(index)


def open_table(path: Path, *, markers: frozenset[str] = frozenset()) -> Table:
    """Open a CSV/TSV or XLSX file; raises :class:`BadInput` naming row and column.

    In a workbook the header is the first row (of the first 15) holding one of ``markers``
    (lower case), else the first row with anything in it; rows above it are title rows.
    """
    name = path.name
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise BadInput(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            # a pipe would block the read for ever, a device never ends
            raise BadInput(f"{path}: is not a regular file (a pipe or a device); give a saved file")
        size = status.st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})") from None
    if size == 0:
        raise bad(name, 1, "A", "the file is empty (expected a header row)")
    if head.startswith(_ZIP_MAGIC):
        return _open_xlsx(path, markers)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise bad(
            name,
            1,
            "A",
            "not a readable XLSX workbook (it is not a zip package; "
            "the file is damaged or was renamed)",
        )
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise bad(name, 1, "A", f"not a CSV or XLSX file: it is {what}")
    return _open_text(path, size)


# -- text files ---------------------------------------------------------------------------------


def _detect_encoding(path: Path) -> tuple[str, int]:
    """UTF-8 (with or without BOM), else Windows-1252 / Latin-1; and the number of lines.

    A file that is valid UTF-8 in places and not in others (two encodings mixed) is refused at
    the first byte that does not decode, by row and column.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    offset = 0
    bad_at: int | None = None
    bom = False
    with path.open("rb") as handle:
        first = True
        while chunk := handle.read(_CHUNK):
            if first:
                first = False
                bom = chunk.startswith(codecs.BOM_UTF8)
                if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise bad(path.name, 1, "A", "the file is UTF-16; save it as UTF-8 CSV")
                if b"\x00" in chunk[:4096]:
                    raise bad(
                        path.name,
                        1,
                        "A",
                        "not a text file (it holds NUL bytes); expected CSV, TSV or XLSX",
                    )
            lines += chunk.count(b"\n")
            if bad_at is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_at = offset + exc.start
            offset += len(chunk)
    if bad_at is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_at = offset - 1
    if bad_at is None:
        return ("utf-8-sig" if bom else "utf-8"), lines
    with path.open("rb") as handle:
        data_before = handle.read(bad_at)
    if not data_before.isascii():
        row, column = _locate(data_before.decode("utf-8", "replace"))
        raise bad(
            path.name,
            row,
            column,
            "mixes two text encodings (UTF-8 before this point, "
            "something else here); save the file as UTF-8",
        )
    with path.open("rb") as handle:
        data = handle.read()
    try:
        data.decode("cp1252")
        return "cp1252", lines
    except UnicodeDecodeError:
        return "latin-1", lines


def _locate(prefix: str) -> tuple[int, str]:
    """The row and column a position in a CSV text is in."""
    delimiter = _delimiter(prefix.split("\n", 1)[0])
    records = list(csv.reader(io.StringIO(prefix), delimiter=delimiter))
    header = records[0] if records else []
    if not records:
        return 1, "A"
    index = max(len(records[-1]) - 1, 0)
    label = header[index] if index < len(header) else ""
    return len(records), (f'"{label}" ({column_letter(index)})' if label else column_letter(index))


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _open_text(path: Path, size: int) -> Table:
    encoding, lines = _detect_encoding(path)
    handle = path.open("r", encoding=encoding, newline="")
    first = handle.readline()
    while first and not first.strip():
        first = handle.readline()
    if not first.strip():
        handle.close()
        raise bad(path.name, 1, "A", "the file holds no header row, only blank lines")
    if sum(1 for ch in first if ch < " " and ch not in "\t\r\n") > 0:
        handle.close()
        raise bad(path.name, 1, "A", "not a CSV or TSV file (control characters in the first line)")
    delimiter = _delimiter(first)
    handle.seek(0)
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    header_row = 0
    header: list[str] = []
    try:
        for record in reader:
            header_row += 1
            if any(cell.strip() for cell in record):
                header = [cell.strip() for cell in record]
                break
    except csv.Error as exc:
        handle.close()
        raise bad(path.name, header_row + 1, "A", f"the header cannot be read ({exc})") from None
    for index, cell in enumerate(header):
        if len(cell) > 200:
            handle.close()
            raise bad(
                path.name,
                header_row,
                column_letter(index),
                f"a header cell of {len(cell):,} characters; this is not an export's header row",
            )
    table = Table(path.name, "csv", header_row, header, iter(()), max(lines - header_row, 1))
    table.rows = _csv_rows(reader, handle, table, header_row)
    return table


def _csv_rows(
    reader: Any, handle: Any, table: Table, header_row: int
) -> Iterator[tuple[int, list[Any]]]:
    number = header_row
    try:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise bad(
                    table.name,
                    number + 1,
                    "A",
                    f"the row cannot be read as CSV ({exc}); is a quote left open?",
                ) from None
            number += 1
            # one join says whether any field can be too long or hold a NUL; which one only then
            joined = "".join(record)
            if "\x00" in joined:
                index = next(i for i, c in enumerate(record) if "\x00" in c)
                raise bad(
                    table.name,
                    number,
                    table.column_name(index),
                    "holds a NUL character, which no export writes (the file is damaged)",
                )
            if len(joined) > MAX_FIELD and max(map(len, record)) > MAX_FIELD:
                index = next(i for i, c in enumerate(record) if len(c) > MAX_FIELD)
                raise bad(
                    table.name,
                    number,
                    table.column_name(index),
                    f"a field of {len(record[index]):,} characters (at most {MAX_FIELD:,})",
                )
            yield number, record
    finally:
        handle.close()


# -- workbooks ----------------------------------------------------------------------------------


def _refuse_bomb(name: str, package: zipfile.ZipFile) -> None:
    """A workbook part that expands far beyond what any export holds (a few hundred bytes of
    zip standing for gigabytes of whitespace) is refused before it is read: reading it would
    take the memory and minutes the seller does not have."""
    for info in package.infolist():
        large = info.file_size > MAX_PART_BYTES
        bloated = info.file_size > BLOATED_PART_BYTES and info.file_size > (
            MAX_EXPANSION * max(info.compress_size, 1)
        )
        if large or bloated:
            raise bad(
                name,
                1,
                "A",
                f"the workbook part {info.filename} expands to {info.file_size / 1e6:,.0f} MB "
                f"from {info.compress_size / 1e6:,.1f} MB; this is not a marketplace export",
            )


def _open_xlsx(path: Path, markers: frozenset[str]) -> Table:
    import openpyxl

    name = path.name
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "xl/workbook.xml" not in names:
                what = (
                    "a Word document"
                    if "word/document.xml" in names
                    else "an OpenDocument file; save it as .xlsx"
                    if "content.xml" in names
                    else "a zip archive"
                )
                raise bad(name, 1, "A", f"not an XLSX workbook: it is {what}")
            _refuse_bomb(name, package)
            broken = package.testzip()
            if broken:
                raise bad(name, 1, "A", f"the workbook is damaged ({broken} does not read)")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except BadInput:
        raise
    except (zipfile.BadZipFile, EOFError) as exc:
        raise bad(
            name, 1, "A", f"not a readable XLSX workbook (truncated or damaged: {exc})"
        ) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad package
        raise bad(
            name, 1, "A", f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})"
        ) from None
    sheet = book.worksheets[0]
    rows = iter(sheet.iter_rows(values_only=True))
    seen: list[list[Any]] = []
    choice: int | None = None
    try:
        for values in rows:
            cells = list(values)
            seen.append(cells)
            texts = {str(c).strip().casefold() for c in cells if c is not None}
            if texts & markers:
                choice = len(seen) - 1
                break
            if len(seen) >= HEADER_SEARCH_ROWS:
                break
    except Exception as exc:  # noqa: BLE001
        book.close()
        raise bad(name, len(seen) + 1, "A", f"the workbook cannot be read ({exc})") from None
    if choice is None:  # no known header: take the first row with something in it
        choice = next(
            (
                n
                for n, cells in enumerate(seen)
                if any(c is not None and str(c).strip() for c in cells)
            ),
            None,
        )
    if choice is None:
        book.close()
        raise bad(name, 1, "A", "the workbook's first sheet is empty (expected a header row)")
    header = [str(c).strip() if c is not None else "" for c in seen[choice]]
    header_row = choice + 1
    rows = itertools.chain(seen[choice + 1 :], rows)
    while header and not header[-1]:
        header.pop()
    estimated = max((sheet.max_row or header_row) - header_row, 1)
    table = Table(name, "xlsx", header_row, header, iter(()), estimated)
    table.rows = _xlsx_rows(rows, book, table, header_row)
    return table


def _xlsx_rows(
    rows: Iterator[Any], book: Any, table: Table, header_row: int
) -> Iterator[tuple[int, list[Any]]]:
    number = header_row
    try:
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a damaged sheet part
                raise bad(
                    table.name,
                    number + 1,
                    "A",
                    f"the workbook is damaged here ({exc.__class__.__name__})",
                ) from None
            number += 1
            record = list(values)
            while record and record[-1] is None:
                record.pop()
            for index, cell in enumerate(record):
                if isinstance(cell, str) and len(cell) > MAX_FIELD:
                    raise bad(
                        table.name,
                        number,
                        table.column_name(index),
                        f"a field of {len(cell):,} characters (at most {MAX_FIELD:,})",
                    )
            yield number, record
    finally:
        book.close()
