"""The rows ``import --skip-bad`` set aside, written unchanged beside the file with a reason.

The side file has the original's header (a workbook's title rows above it are left out) and
its rows exactly as read, plus a last column ``reason``; a CSV keeps the original's encoding
and delimiter, a workbook becomes a workbook. It is written to a temporary file and renamed.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

from orderdesk.exchange.reading import _delimiter, _detect_encoding, open_table


def write_rejected(
    source: Path, target: Path, reasons: dict[int, str], markers: frozenset[str]
) -> Path:
    """The rows of ``source`` named in ``reasons``, each with its reason, into ``target`` (the
    header found by ``markers``, as the import found it)."""
    with warnings.catch_warnings():  # openpyxl's warnings never reach the terminal
        warnings.simplefilter("ignore")
        return _write(source, target, reasons, markers)


def _write(source: Path, target: Path, reasons: dict[int, str], markers: frozenset[str]) -> Path:
    table = open_table(source, markers=markers)
    header = list(table.header)
    partial = target.with_name(target.name + ".part")
    if table.kind == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("rejected")
        sheet.append([*header, "reason"])
        for number, record in table.rows:
            if number in reasons:
                sheet.append(
                    [*(list(record) + [None] * len(header))[: len(header)], reasons[number]]
                )
        book.save(partial)
    else:
        encoding, _ = _detect_encoding(source)
        with source.open("r", encoding=encoding, newline="") as handle:
            delimiter = _delimiter(handle.readline())
        with partial.open("w", encoding=encoding, newline="", errors="replace") as out:
            writer = csv.writer(
                out, delimiter=delimiter, lineterminator="\r\n" if delimiter == "\t" else "\n"
            )
            writer.writerow([*header, "reason"])
            for number, record in table.rows:
                if number in reasons:
                    writer.writerow([*record, reasons[number]])
    partial.replace(target)
    return target
