"""The command line: every desk action is also a command (DESIGN §4).

Exit status: 0 done; 1 refused by a rule (one line on stderr naming the order and the rule,
nothing changed); 2 bad usage or unreadable input. No traceback reaches the user: an unexpected
error is logged to the data folder and reported in one line.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime

from orderdesk import __version__
from orderdesk.commands import COMMAND_MODULES, Context
from orderdesk.domain.errors import DeskError


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line (plus the usage) and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="orderdesk",
        description="OrderDesk: an offline, keyboard-first order desk. "
        "With no command, opens the desk.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="database file or SQLAlchemy URL (default: ORDERDESK_DB or the desk's own database)",
    )
    parser.add_argument("--version", action="version", version=f"orderdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--db",
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL",
    )
    for module in COMMAND_MODULES:
        module.register(commands, shared)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    for word in words:  # bytes that are not UTF-8 reach Python as lone surrogates
        if not _is_text(word):
            shown = word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            print(f"orderdesk: {shown!r} is not valid text (UTF-8); retype it", file=sys.stderr)
            return 2
    sys.unraisablehook = _log_unraisable  # a library's cleanup failing never prints a trace
    parser = build_parser()
    args = parser.parse_args(words)
    context = Context(db=args.db)
    try:
        if args.command is None:
            from orderdesk.commands.desk import open_desk

            return open_desk(context, args)
        return int(args.handler(context, args) or 0)
    except DeskError as error:
        print(f"orderdesk: {error.message}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("orderdesk: interrupted; nothing half-done was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence
        fault = _database_fault(context, error)
        if fault is not None:
            print(f"orderdesk: {fault.message}", file=sys.stderr)
            return fault.exit_status
        log = _log_crash()
        print(
            f"orderdesk: unexpected error: {error.__class__.__name__}: {error} (details in {log})",
            file=sys.stderr,
        )
        return 3
    finally:
        context.close()


def _database_fault(context: Context, error: Exception) -> DeskError | None:
    """A locked, read-only, damaged or unreachable database, said in one line (or None)."""
    from orderdesk.store.faults import explain
    from orderdesk.store.reader import BUSY_TIMEOUT_MS

    opened = context._database
    return explain(error, context.target, opened.path if opened else None, BUSY_TIMEOUT_MS / 1000)


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """What Python would print as "Exception ignored in …" goes to the crash log instead."""
    from orderdesk.config import data_dir

    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "crash.log").open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {datetime.now().isoformat()} ignored in {unraisable.object!r}\n")
            log.write(
                "".join(
                    traceback.format_exception(
                        unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback
                    )
                )
            )
    except OSError:
        pass


def _is_text(word: str) -> bool:
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _log_crash() -> str:
    from orderdesk.config import data_dir

    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {datetime.now().isoformat()} {' '.join(sys.argv)}\n")
            log.write(traceback.format_exc())
        return str(path)
    except OSError:
        return "no log: the data folder is not writable"


if __name__ == "__main__":
    raise SystemExit(main())
