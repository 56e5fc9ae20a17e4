"""The trigram search index (m0014) finds exactly the orders the plain scan finds, and stays
right as orders are added, edited, tracked, merged, undone, deleted and bulk-loaded.

Every comparison is on real SQLite files: the same shop twice, once with the index and once
with it dropped (the scan a database without FTS5 keeps), searched through the store's own
query. Terms are drawn from Latin with accents, Cyrillic, Greek, CJK, digits and the LIKE
metacharacters ``%``, ``_``, ``\\``, one to five characters, and from pieces of the shop's own
texts (which match many orders or few).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderdesk.domain import amendments, fulfilment, merging, undo
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.search_key import fold
from orderdesk.domain.stages import Tab
from orderdesk.store import Database, open_database, search_index
from orderdesk.store.queries import list_rows
from orderdesk.store.reader import SqliteReader
from tests import pg
from tests.drafts import MADRID, DraftFields

NOW = datetime(2026, 11, 22, tzinfo=UTC)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.db"

#: Buyers and channel ids no demo has: every script, and LIKE's own metacharacters.
ODD = [
    ("Ñandú Ágata Üller", "ML-ñ%01", "agata@correo.es"),
    ("100% Algodón_SA", "AMZ_100%", "ventas_100%@algodon.ar"),
    ("Back\\Slash Ltd", "SHP\\7\\", "back\\slash@example.com"),
    ("Ёжиков Пётр", "Ё-7731", "petr@почта.рф"),
    ("Σωκράτης Ἀθηναῖος", "ΑΘ-ΣΣ-ς", "sokratis@example.gr"),
    ("王小明 東京", "淘宝-东京-88", "wang@例え.jp"),
    ("Ǆemal Ⅻ ﬁle", "ＦＵＬＬ-１２", "dzemal@example.ba"),
    ('Quote "Q" O\'Neil', 'Q"1"', "q@example.ie"),
]

LATIN = "aeiouncAEIOUNCáéíóúñüçÁÉÑÜßøł"
CYRILLIC = "аеоинтсАЕОИЁёйЙ"
GREEK = "αεοιςσΣάέΑΩω"
CJK = "王小明东京東淘宝"
DIGITS = "0123456789"
SYMBOLS = "%_\\ -@.#'\""


def _stored(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """What the index holds, and what it must hold (from the orders as stored)."""
    with closing(sqlite3.connect(path)) as db:
        held = db.execute(
            f"SELECT rowid, key, ref, tracking FROM {search_index.TABLE} ORDER BY rowid"
        ).fetchall()
        expected = db.execute(
            "SELECT id, search_key, lower(external_id), lower(tracking_number)"
            " FROM orders ORDER BY id"
        ).fetchall()
        db.execute(
            f"INSERT INTO {search_index.TABLE} ({search_index.TABLE}) VALUES ('integrity-check')"
        )
    return held, expected


def assert_index_right(path: Path) -> None:
    held, expected = _stored(path)
    assert held == expected


def _add(database: Database, name: str, external: str, email: str) -> int:
    draft = OrderDraft(
        buyer_name=name,
        currency="EUR",
        channel="manual",
        external_id=external,
        paid=True,
        lines=[LineDraft("MATE", "Mate", 1, 1500)],
        **(MADRID | DraftFields(buyer_email=email)),
    )
    order_id: int = database.perform(create_order, draft).order_id
    return order_id


def _add_odd(database: Database) -> list[int]:
    return [_add(database, *odd) for odd in ODD]


def without_index(source: Path, target: Path) -> Path:
    """A copy of ``source`` (as committed, its log too) with the index and its triggers
    dropped: the plain scan."""
    with closing(sqlite3.connect(source)) as db, closing(sqlite3.connect(target)) as copy:
        db.backup(copy)
        for name in ("insert", "delete", "update"):
            copy.execute(f"DROP TRIGGER {search_index.TABLE}_{name}")
        copy.execute(f"DROP TABLE {search_index.TABLE}")
        copy.commit()
    return target


@pytest.fixture(scope="module")
def shops(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("search-index")
    indexed = folder / "indexed.db"
    shutil.copy(demo_template, indexed)
    database = open_database(indexed, actor="seller")
    _add_odd(database)
    database.close()
    scan = without_index(indexed, folder / "scan.db")
    connections = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in (indexed, scan)]
    yield indexed, *connections
    for connection in connections:
        connection.close()


def _texts(connection: sqlite3.Connection) -> list[str]:
    texts: set[str] = set()
    for row in connection.execute(
        "SELECT buyer_name, buyer_email, ship_city, ship_postal_code, external_id,"
        " tracking_number FROM orders"
    ):
        texts.update(text for text in row if text)
    texts.update(sku for (sku,) in connection.execute("SELECT DISTINCT sku FROM lines") if sku)
    return sorted(texts)


@st.composite
def terms(draw: st.DrawFn, texts: list[str]) -> str:
    """One to five characters of the scripts above, or a piece of a stored text, its case
    changed (mostly matching several orders, some many)."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(texts))
        start = draw(st.integers(0, max(0, len(text) - 1)))
        piece = text[start : start + draw(st.integers(1, 6))]
        return draw(st.sampled_from([piece, piece.upper(), piece.lower(), fold(piece)]))
    alphabet = draw(st.sampled_from([LATIN, CYRILLIC, GREEK, CJK, DIGITS, SYMBOLS + LATIN]))
    return draw(st.text(alphabet=st.sampled_from(list(alphabet)), min_size=1, max_size=5))


def _ids(connection: sqlite3.Connection, tab: Tab | None, term: str) -> list[int]:
    rows = list_rows(SqliteReader(connection), tab, search=term, now=NOW)
    return [row["id"] for row in rows]


@pytest.mark.parametrize("most", [3, search_index.MOST_IDS], ids=["few-ids", "default"])
def test_the_index_finds_what_the_scan_finds(
    shops: Any, most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a small threshold most terms are "many" (the scan); with the default most are
    answered by the index. Either way the orders found, and their order, are the scan's."""
    path, indexed, scan = shops
    assert_index_right(path)
    monkeypatch.setattr(search_index, "MOST_IDS", most)
    texts = _texts(indexed)
    paths: list[bool] = []

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        term=terms(texts),
        tab=st.sampled_from([None, None, Tab.TO_PREPARE, Tab.FINALIZED, Tab.REFUNDS]),
    )
    def check(term: str, tab: Tab | None) -> None:
        if not term.strip():
            return
        found = _ids(indexed, tab, term)
        assert found == _ids(scan, tab, term), repr(term)
        params: dict[str, Any] = {}
        stripped = term.strip()
        asked = search_index.few_matching(
            SqliteReader(indexed), fold(stripped), stripped.lower(), params
        )
        paths.append(asked is not None)

    check()
    # Both ways were taken: the index answered some terms, the scan others.
    assert any(paths) and not all(paths), paths.count(True)


@pytest.mark.parametrize(
    "term",
    [
        "%",
        "_",
        "\\",
        "100%",
        "_sa",
        "0%@",
        "k\\sl",
        'q"1',
        '"q"',
        "ёжиков",
        "ежиков",
        "ΣΩΚΡΑΤΗΣ",
        "σωκρατης",
        "αθηναιος",
        "東京",
        "王小明 東",
        "淘宝-东",
        "full-12",
        "ＦＵＬＬ",
        "dzemal ⅻ",
        "file",
        "ñandú",
        "nandu agata",
        "ULLER",
        "ml-ñ%",
        "ml-Ñ%0",
        "shp\\7\\",
        "почта.рф",
    ],
)
def test_odd_texts_are_found_the_same_way(shops: Any, term: str) -> None:
    _, indexed, scan = shops
    found = _ids(indexed, None, term)
    assert found == _ids(scan, None, term)
    if len(term) >= 3 and term not in UNFOLDED:
        assert found, term  # each names one of the odd buyers


#: Channel ids are matched with ASCII case folded only (the scan's LIKE): a full-width id is
#: found as written, not by its plain letters; both ways agree on that.
UNFOLDED = ("full-12", "ＦＵＬＬ")


def _found(database: Database, term: str) -> list[int]:
    with database.reader() as reader:
        return [row["id"] for row in list_rows(reader, None, search=term, now=NOW)]


def test_the_index_follows_every_change_to_an_order(demo_template: Path, tmp_path: Path) -> None:
    demo_db = tmp_path / "demo.db"
    shutil.copy(demo_template, demo_db)
    database = open_database(demo_db, actor="seller")
    try:
        first, second = _add_odd(database)[:2]
        third = _add(database, *ODD[1][:1], "AMZ-2", ODD[1][2])  # the same buyer again
        assert_index_right(demo_db)

        database.perform(fulfilment.confirm, first)
        database.perform(fulfilment.ship, first, "UPS", "1Z999AA10123456784")
        assert first in _found(database, "9aa1012345")
        assert_index_right(demo_db)

        database.perform(amendments.edit, second, {"buyer_email": "nuevo.correo@ejemplo.es"})
        assert _found(database, "nuevo.correo@") == [second]
        assert second not in _found(database, "ventas_100%")
        assert_index_right(demo_db)

        database.perform(undo.undo)  # the edit
        assert _found(database, "nuevo.correo@") == []
        assert second in _found(database, "ventas_100%")
        assert_index_right(demo_db)

        database.perform(fulfilment.confirm, second)
        database.perform(fulfilment.confirm, third)
        database.perform(merging.merge, [second, third])
        database.perform(fulfilment.ship, second, "UPS", "1Z999AA10123456793")
        assert set(_found(database, "10123456793")) >= {second, third}
        assert_index_right(demo_db)

        with database.write() as connection:  # what a demo reload does to the old rows
            connection.exec_driver_sql("DELETE FROM orders WHERE id = ?", (third,))
        assert third not in _found(database, "10123456793")
        assert_index_right(demo_db)
    finally:
        database.close()
    scan = sqlite3.connect(without_index(demo_db, tmp_path / "scan.db"))
    indexed = sqlite3.connect(demo_db)
    try:
        for term in ("1z999", "9aa1012345", "ventas_100%", "nuevo", "ñandú", "madrid"):
            assert _ids(indexed, None, term) == _ids(scan, None, term), term
    finally:
        scan.close()
        indexed.close()


def test_bulk_loads_leave_the_index_complete(demo_template: Path, cli: Any, tmp_path: Path) -> None:
    """The demo (a bulk load with the triggers suspended, the index filled after) and an
    import of a marketplace file (row by row, by the triggers)."""
    assert_index_right(demo_template)
    db = tmp_path / "shop.db"
    shutil.copy(demo_template, db)
    generic = Path(__file__).resolve().parents[1] / "exchange" / "files" / "generic_orders.csv"
    assert cli("import", generic, db=db).code == 0
    assert_index_right(db)
    again = cli("demo", "--orders", "300", "--seed", "3", db=db)  # replaces every order
    assert again.code == 0, again.err
    assert_index_right(db)
    with sqlite3.connect(db) as connection:
        (count,) = connection.execute(f"SELECT COUNT(*) FROM {search_index.TABLE}").fetchone()
    assert count == 300


def test_a_migrated_database_is_indexed_and_finds_the_same(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE, db)
    open_database(db).close()  # migrates from schema 1, through m0014
    assert_index_right(db)
    scan = sqlite3.connect(without_index(db, tmp_path / "scan.db"))
    indexed = sqlite3.connect(db)
    try:
        for term in ("José Núñez", "jose nunez", "núñ", "lp123", "111-1234567", "zzqx"):
            found = _ids(indexed, None, term)
            assert found == _ids(scan, None, term), term
        assert _ids(indexed, None, "jose nunez") == [1]
    finally:
        scan.close()
        indexed.close()


def test_sqlite_here_has_the_trigram_tokenizer() -> None:
    """FTS5's trigram tokenizer came with SQLite 3.34; Python 3.11 here ships a later one."""
    assert sqlite3.sqlite_version_info >= (3, 34, 0), sqlite3.sqlite_version
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'trigram case_sensitive 1')")


PG_TERMS = (
    "garcia",
    "GARCÍA",
    "ольга",
    "ασ",
    "王小明",
    "100%",
    "_sa",
    "k\\sl",
    "ml-ñ%",
    "1z999",
    "lp",
    "example.com",
    "zzqx",
    "madrid",
    "M",
)


@pytest.mark.postgres
def test_on_postgresql_the_trigram_indexes_find_what_the_scan_finds(pg_demo_template: str) -> None:
    with pg.database_url(template=pg_demo_template) as url:
        made = pg.execute(
            url,
            "SELECT indexname FROM pg_indexes"
            " WHERE tablename = 'orders' AND indexname LIKE '%trgm'",
        )
        assert {name for (name,) in made} == set(search_index.PG_INDEXES)
        database = open_database(url, actor="seller")
        try:
            _add_odd(database)
            with database.reader() as reader:
                assert search_index.few_matching(reader, "zzqx", "zzqx", {}) is not None
            indexed = {term: _found(database, term) for term in PG_TERMS}
            for name in search_index.PG_INDEXES:
                pg.execute(url, f"DROP INDEX {name}")
            with database.reader() as reader:  # the scan, as on a server without pg_trgm
                assert search_index.few_matching(reader, "zzqx", "zzqx", {}) is None
            assert {term: _found(database, term) for term in PG_TERMS} == indexed
            assert indexed["garcia"] and indexed["zzqx"] == [] and indexed["100%"]
        finally:
            database.close()


@pytest.mark.postgres
def test_a_server_that_refuses_the_extension_keeps_the_scan(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A seller's role that may make tables but not extensions: the migration says so in one
    log line and goes on; search works by the scan."""
    import uuid

    pg.need_server()
    role = f"od_plain_{uuid.uuid4().hex[:8]}"
    with pg.database_url() as admin_url:
        pg.execute(admin_url, f"CREATE ROLE {role} LOGIN")
        try:
            pg.execute(admin_url, f"GRANT USAGE, CREATE ON SCHEMA public TO {role}")
            scheme, _, rest = admin_url.partition("://")
            url = f"{scheme}://{role}@{rest.partition('@')[2]}"
            with caplog.at_level("WARNING", logger=search_index.__name__):
                database = open_database(url, actor="seller")
            try:
                said = [r.getMessage() for r in caplog.records if r.name == search_index.__name__]
                assert len(said) == 1 and said[0].startswith("search stays a scan"), said
                _add_odd(database)
                assert len(_found(database, "100%")) == 1
                assert len(_found(database, "ёжиков")) == 1
            finally:
                database.close()
        finally:
            pg.execute(admin_url, f"DROP OWNED BY {role}")
            pg.execute(admin_url, f"DROP ROLE {role}")
