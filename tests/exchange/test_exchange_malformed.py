"""Malformed files: each import exits 2 with one line naming the row and column, and the
database file is byte-for-byte unchanged (its sha256 is the same before and after)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliRunner
from tests.exchange.malformed import CASES, FILES, Case


@pytest.fixture(scope="module")
def stocked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk that already holds the Shopify orders (so a bad file has something to spoil)."""
    folder = tmp_path_factory.mktemp("malformed")
    path = folder / "desk.db"
    env = {**os.environ, "ORDERDESK_HOME": str(folder)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "orderdesk",
            "--db",
            str(path),
            "import",
            str(FILES / "shopify_orders_export.csv"),
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    return path


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_malformed_file_exits_2_naming_row_and_column(
    case: Case, cli: CliRunner, stocked_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "desk.db"
    shutil.copy(stocked_db, db)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    source = tmp_path / case.filename
    case.write(source)
    result = cli("import", source, db=db)
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    message = lines[0]
    assert message.startswith(f"orderdesk: {case.filename}: row "), message
    assert ", column " in message, message
    assert case.says in message, message
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
