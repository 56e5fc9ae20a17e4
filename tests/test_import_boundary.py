"""The import boundary of DESIGN §1, checked.

- The domain and the store never import the terminal UI: importing every module of
  ``orderdesk.domain`` and ``orderdesk.store`` (in a fresh interpreter) leaves textual, rich's
  console, ``orderdesk.screens``, ``orderdesk.widgets`` and ``orderdesk.app`` out of
  ``sys.modules``.
- Screens and widgets never touch a session or the store's insides: their source (read with
  ``ast``, so imports inside functions and under ``TYPE_CHECKING`` count too) imports nothing
  from sqlalchemy or sqlmodel, and from the store only ``Database`` and the public query modules.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "orderdesk"
UI_MODULES = (
    "textual",
    "rich.console",
    "rich.live",
    "orderdesk.screens",
    "orderdesk.widgets",
    "orderdesk.app",
    "textual_plotext",
)
STORE_FOR_SCREENS = {
    "orderdesk.store.queries",
    "orderdesk.store.desk_queries",
    "orderdesk.store.insights",
    "orderdesk.store.stock_queries",
    "orderdesk.store.packing_queries",
    "orderdesk.store.changes",  # the changed-or-not probe's interface
    "orderdesk.store.rows",  # the typed rows those queries return
}
STORE_NAMES_FOR_SCREENS = {"Database"}
NEVER = ("sqlalchemy", "sqlmodel")

_PROBE = """
import importlib, json, pkgutil, sys
import orderdesk.domain, orderdesk.store
loaded = []
for package in (orderdesk.domain, orderdesk.store):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        loaded.append(info.name)
print(json.dumps({"loaded": loaded, "modules": sorted(sys.modules)}))
"""


def test_domain_and_store_do_not_import_the_ui() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert "orderdesk.domain.fulfilment" in report["loaded"]
    assert "orderdesk.store.uow" in report["loaded"]
    leaked = [
        name
        for name in report["modules"]
        if any(name == ui or name.startswith(ui + ".") for ui in UI_MODULES)
    ]
    assert leaked == [], f"the core imports the UI: {leaked}"


def _imports(path: Path, source: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, module, names) for every import statement in a file, wherever it sits."""
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level])
            module = f"{base}.{node.module}" if node.module else base
            found.append((node.lineno, module, tuple(a.name for a in node.names)))
    return found


def boundary_problems(path: Path, source: str | None = None) -> list[str]:
    """What breaks the rule in a screen or widget at ``path`` (its text, or ``source``)."""
    problems = []
    text = path.read_text(encoding="utf-8") if source is None else source
    for line, module, names in sorted(_imports(path, text)):
        where = f"{path.relative_to(PACKAGE.parent)}:{line}"
        if any(module == bad or module.startswith(bad + ".") for bad in NEVER):
            problems.append(f"{where} imports {module} (sessions and SQL stay in the store)")
        elif module == "orderdesk.store":
            extra = (
                set(names)
                - STORE_NAMES_FOR_SCREENS
                - {m.rsplit(".", 1)[1] for m in STORE_FOR_SCREENS}
            )
            if extra:
                problems.append(f"{where} imports {sorted(extra)} from orderdesk.store")
        elif module.startswith("orderdesk.store.") and module not in STORE_FOR_SCREENS:
            problems.append(f"{where} imports {module} (store internals)")
    return problems


UI_FILES = sorted(
    [*PACKAGE.joinpath("screens").rglob("*.py"), *PACKAGE.joinpath("widgets").rglob("*.py")]
)


@pytest.mark.parametrize("path", UI_FILES, ids=[p.name for p in UI_FILES])
def test_screens_and_widgets_use_only_public_queries(path: Path) -> None:
    assert boundary_problems(path) == []


def test_the_rule_catches_sessions_and_store_internals() -> None:
    source = (
        "from sqlmodel import Session\n"
        "from sqlalchemy.orm import Session as S\n"
        "import sqlalchemy\n"
        "def f():\n"
        "    from orderdesk.store.uow import SqlUnitOfWork\n"
        "    from orderdesk.store import engine, Database, queries\n"
        "    from orderdesk.store.queries import list_rows\n"
        "    from ..store.engine import make_engine\n"
    )
    where = PACKAGE / "screens" / "example.py"
    problems = [p.split(" ", 1)[1] for p in boundary_problems(where, source)]
    assert problems == [
        "imports sqlmodel (sessions and SQL stay in the store)",
        "imports sqlalchemy.orm (sessions and SQL stay in the store)",
        "imports sqlalchemy (sessions and SQL stay in the store)",
        "imports orderdesk.store.uow (store internals)",
        "imports ['engine'] from orderdesk.store",
        "imports orderdesk.store.engine (store internals)",
    ]


#: Attributes of the database a screen or widget may use: reads through the public queries
#: (``reader``), actions (``perform``) and the clock. An engine, a unit of work or a write
#: connection is the store's.
STORE_ATTRIBUTES = frozenset(
    {"engine", "uow", "write", "session", "exec_driver_sql", "_writer", "snapshot"}
)


def attribute_problems(path: Path, source: str | None = None) -> list[str]:
    """Uses of the store's insides by attribute (``self.database.engine…``) in a UI file."""
    text = path.read_text(encoding="utf-8") if source is None else source
    return [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} uses .{node.attr} (the store's)"
        for node in ast.walk(ast.parse(text, str(path)))
        if isinstance(node, ast.Attribute) and node.attr in STORE_ATTRIBUTES
    ]


@pytest.mark.parametrize("path", UI_FILES, ids=[p.name for p in UI_FILES])
def test_screens_and_widgets_reach_no_engine_or_unit_of_work(path: Path) -> None:
    assert attribute_problems(path) == []


#: import-linter's command, run where ``orderdesk`` is importable from the current folder.
LINT = [
    sys.executable,
    "-c",
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())",
]


def test_the_import_contracts_hold() -> None:
    done = subprocess.run(LINT, capture_output=True, text=True, cwd=PACKAGE.parent, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


BREAKS = {
    "the domain imports the store": (
        "domain/fulfilment.py",
        "from orderdesk.store import queries as _q  # broken\n",
        "The domain knows no store",
    ),
    "a screen runs SQL through the engine": (
        "screens/detail.py",
        "def _broken(self):\n    return self.database.engine.connect()\n",
        "uses .engine",
    ),
    "a widget reaches the importer": (
        "widgets/order_table.py",
        "from orderdesk.exchange import imports as _i  # broken\n",
        "Widgets draw",
    ),
    "a command imports a Session": (
        "commands/orders.py",
        "from sqlmodel import Session as _S  # broken\n",
        "Commands hold no session",
    ),
}


@pytest.mark.parametrize("name", BREAKS)
def test_each_deliberate_break_fails(name: str, tmp_path: Path) -> None:
    """Break the boundary on purpose in a copy of the package: a check must say so."""
    import shutil

    relative, line, said = BREAKS[name]
    shutil.copytree(PACKAGE, tmp_path / "orderdesk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PACKAGE.parent / "pyproject.toml", tmp_path)
    target = tmp_path / "orderdesk" / relative
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    done = subprocess.run(LINT, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    found = done.stdout
    if relative.startswith(("screens/", "widgets/")):
        found += "\n".join(attribute_problems(PACKAGE / relative, target.read_text("utf-8")))
    assert said in found, found[-2000:]


def test_no_module_of_the_package_imports_one_that_imports_it_back() -> None:
    """No import cycle, counting imports inside functions (those under TYPE_CHECKING are for
    the type checker only): each layer can be read, and changed, from the bottom up."""
    import grimp

    graph = grimp.build_graph("orderdesk", exclude_type_checking_imports=True)
    cycles = sorted(
        f"{a} -> {b} -> … -> {a}"
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if graph.chain_exists(importer=b, imported=a)
    )
    assert cycles == []
