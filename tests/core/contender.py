"""One desk in the concurrency test, as its own process:
``python contender.py DB BARRIER NAME SEED IDS UNDOS DESKS`` (DB a file or a server URL;
BARRIER the folder where the desks leave their "ready" marks).

Waits until every desk is ready so that all start at once, then works the same orders as
the other desks through the store and the domain (no command-line start-up per action):
confirm each order (half the time with the version it read, as a screen would), cancel each,
then undo a few times; every desk finishes a phase before any starts the next.
Prints one JSON list of ``[phase, order, outcome, message]`` records.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from orderdesk.domain import fulfilment
from orderdesk.domain.errors import DeskError
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.undo import undo
from orderdesk.store import open_database
from orderdesk.store.queries import list_rows_for_ids


def wait_for(barrier: Path, step: str, desks: int) -> None:
    while len(list(barrier.glob(f"{step}.*"))) < desks:
        time.sleep(0.005)


def main(
    db: str, barrier: Path, name: str, seed: int, ids: list[int], undos: int, desks: int
) -> None:
    rng = random.Random(seed)
    database = open_database(db, actor=name)
    (barrier / f"ready.{name}").touch()
    wait_for(barrier, "ready", desks)  # every desk starts at once
    records: list[list[object]] = []

    def attempt(
        phase: str, order: int, action: Callable[..., Outcome], *args: object, **kw: object
    ) -> None:
        try:
            outcome = database.perform(action, *args, **kw)
        except DeskError as error:
            records.append([phase, order, type(error).__name__, error.message])
        except Exception as error:  # noqa: BLE001 - the test reports anything unexpected
            records.append([phase, order, "crash", f"{type(error).__name__}: {error}"])
        else:
            records.append([phase, order, "done", outcome.message])

    for phase in ("confirm", "cancel"):
        if phase == "cancel":  # no cancel returns stock while another desk still confirms
            (barrier / f"confirmed.{name}").touch()
            wait_for(barrier, "confirmed", desks)
        order_ids = ids[:]
        rng.shuffle(order_ids)
        for order in order_ids:
            if phase == "confirm":
                expected = None
                if rng.random() < 0.5:
                    with database.read() as connection:
                        row = list_rows_for_ids(connection, [order], database.clock())[0]
                    expected = row["version"]
                attempt(phase, order, fulfilment.confirm, order, expected_version=expected)
            else:
                attempt(phase, order, fulfilment.cancel, order, f"desk {name} cancels")
    (barrier / f"cancelled.{name}").touch()
    wait_for(barrier, "cancelled", desks)
    for _ in range(undos):
        attempt("undo", 0, undo)
    database.close()
    print(json.dumps(records))


if __name__ == "__main__":
    main(
        sys.argv[1],
        Path(sys.argv[2]),
        sys.argv[3],
        int(sys.argv[4]),
        [int(i) for i in sys.argv[5].split(",")],
        int(sys.argv[6]),
        int(sys.argv[7]),
    )
