"""The label API the desk's screens call: progress, cancelling, refusals, missing fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from orderdesk.config import Settings
from orderdesk.documents import fonts
from orderdesk.domain.errors import BadInput
from orderdesk.services.labels import print_labels
from tests.conftest import rows_where
from tests.documents.conftest import order_row, pdf_info


def _confirmed(database: Any, count: int) -> list[int]:
    return [
        r["id"]
        for r in rows_where(
            database,
            "SELECT id FROM orders WHERE stage = "
            "'confirmed' AND ship_postal_code != '' "
            "ORDER BY id LIMIT :n",
            n=count,
        )
    ]


def test_progress_is_reported_and_refusals_come_back_with_the_rule(
    database: Any, tmp_path: Path
) -> None:
    ids = _confirmed(database, 3)
    pending = rows_where(database, "SELECT id FROM orders WHERE stage = 'pending' LIMIT 1")[0]
    seen: list[tuple[int, int]] = []
    run = print_labels(
        database,
        [*ids, f"#{pending['id']}"],
        settings=Settings(),
        out=tmp_path / "l.pdf",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert run.printed == ids and run.path == (tmp_path / "l.pdf").resolve()
    assert run.refused == [
        (
            f"#{pending['id']}",
            f"order #{pending['id']}: not confirmed — confirm it before printing its label",
        )
    ]
    assert run.exit_status == 1 and run.printer_message == ""
    assert pdf_info(run.path)["Pages"] == "3"


def test_a_cancelled_batch_leaves_no_file_and_moves_no_order(database: Any, tmp_path: Path) -> None:
    ids = _confirmed(database, 8)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "never.pdf"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 4

    run = print_labels(database, ids, settings=Settings(), out=out, cancelled=cancelled)
    assert run.cancelled and run.path is None and run.printed == []
    assert list(folder.iterdir()) == []  # no document, no half-written temporary
    assert {order_row(database, i)["stage"] for i in ids} == {"confirmed"}


def test_a_missing_font_names_the_debian_package(
    database: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = fonts.FontFile(fonts.CJK, tmp_path / "wqy-microhei.ttc", "fonts-wqy-microhei")
    monkeypatch.setattr(fonts, "FONT_FILES", (*fonts.FONT_FILES[:2], gone))
    monkeypatch.setattr(fonts, "_covered", {})
    ids = _confirmed(database, 1)
    with pytest.raises(BadInput, match="install the Debian package fonts-wqy-microhei"):
        print_labels(database, ids, settings=Settings(), out=tmp_path / "l.pdf")
    assert not (tmp_path / "l.pdf").exists()
    assert order_row(database, ids[0])["stage"] == "confirmed"


def test_the_benchmark_runs_with_tiny_numbers() -> None:
    from benchmarks.bench_labels import run

    rows = run(repeats=1, count=3)
    assert len(rows) == 1
    row = rows[0]
    assert row["median"] > 0 and row["baseline_median"] > 0 and row["ratio"] > 0
    assert "label" in row["name"]
