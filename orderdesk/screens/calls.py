"""The domain actions the screens ask for, by the functions themselves, imported late.

The action modules import the ORM, and the desk's first paint must not wait for it: each name
here is, at run time, a stand-in that imports its module the first time it is called (in the
worker that performs it). Type checkers see the domain's own functions under the same names.

A screen binds an action to its arguments with :func:`call` (``call(confirm, 12,
expected_version=3)``), typed with the action's own parameters after the unit of work, so a
screen that names an action that does not exist, or passes it a wrong argument, fails mypy.
``tests/ui/test_domain_calls.py`` proves every stand-in reaches the function it stands for,
and that mypy refuses wrong calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Concatenate, ParamSpec

from orderdesk.domain.outcome import Outcome

if TYPE_CHECKING:
    from orderdesk.domain.ports import UnitOfWork

P = ParamSpec("P")


class _Late:
    """A domain action of ``orderdesk.domain.<module>``, imported when first called."""

    def __init__(self, module: str, name: str) -> None:
        self.module = f"orderdesk.domain.{module}"
        self.name = name

    def target(self) -> Callable[..., object]:
        action: Callable[..., object] = getattr(import_module(self.module), self.name)
        return action

    def __call__(self, *args: object, **kwargs: object) -> object:  # mypy sees the action itself
        return self.target()(*args, **kwargs)


@dataclass(frozen=True, slots=True)
class Call:
    """One call of a domain action on the desk's behalf, bound to its arguments: given a unit
    of work it performs the action (``database.perform(a_call)``).

    Made by :func:`call`, which checks the arguments against the action's own signature; the
    desk's action line reads the order it names and the version it expects (a double press
    of a key is sent with the version this desk left, see ``screens/performing.py``).
    """

    action: Callable[..., Outcome]
    args: tuple[object, ...] = ()
    kwargs: Mapping[str, object] = field(default_factory=dict)

    def __call__(self, uow: UnitOfWork) -> Outcome:
        return self.action(uow, *self.args, **self.kwargs)

    @property
    def order(self) -> int | None:
        """The desk id the call names first, if it names one (case calls name a case)."""
        first = self.args[0] if self.args else None
        return first if isinstance(first, int) and not isinstance(first, bool) else None

    @property
    def expected_version(self) -> int | None:
        version = self.kwargs.get("expected_version")
        return version if isinstance(version, int) else None

    def expecting(self, version: int) -> Call:
        """The same call, expecting the order at ``version`` (only for a call that expects)."""
        if self.expected_version is None:
            raise ValueError("this call expects no version of the order")
        return Call(self.action, self.args, {**self.kwargs, "expected_version": version})


def call(
    action: Callable[Concatenate[UnitOfWork, P], Outcome], /, *args: P.args, **kwargs: P.kwargs
) -> Call:
    """``action(uow, *args, **kwargs)`` for later, its arguments checked against ``action``'s."""
    return Call(action, args, kwargs)


if TYPE_CHECKING:
    from orderdesk.domain.aftersales import (
        accept_refund,
        open_dispute,
        reject_refund,
        request_refund,
        resolve_dispute,
    )
    from orderdesk.domain.amendments import (
        change_lines,
        edit,
        hold,
        mark_paid,
        release,
    )
    from orderdesk.domain.fulfilment import (
        cancel,
        confirm,
        deliver,
        ship,
    )
    from orderdesk.domain.intake import (
        create_order,
    )
    from orderdesk.domain.merging import (
        candidates as merge_candidates,
    )
    from orderdesk.domain.merging import (
        merge,
    )
    from orderdesk.domain.messages import (
        add_message,
    )
    from orderdesk.domain.returns import (
        receive_return,
    )
    from orderdesk.domain.stock import (
        adjust as adjust_stock,
    )
    from orderdesk.domain.stock import (
        count as count_stock,
    )
    from orderdesk.domain.stock import (
        receive as receive_stock,
    )
    from orderdesk.domain.stock import (
        set_product,
    )
    from orderdesk.domain.undo import (
        plan_undo,
        undo,
    )
else:
    accept_refund = _Late("aftersales", "accept_refund")
    open_dispute = _Late("aftersales", "open_dispute")
    reject_refund = _Late("aftersales", "reject_refund")
    request_refund = _Late("aftersales", "request_refund")
    resolve_dispute = _Late("aftersales", "resolve_dispute")
    change_lines = _Late("amendments", "change_lines")
    edit = _Late("amendments", "edit")
    hold = _Late("amendments", "hold")
    mark_paid = _Late("amendments", "mark_paid")
    release = _Late("amendments", "release")
    cancel = _Late("fulfilment", "cancel")
    confirm = _Late("fulfilment", "confirm")
    deliver = _Late("fulfilment", "deliver")
    ship = _Late("fulfilment", "ship")
    create_order = _Late("intake", "create_order")
    merge_candidates = _Late("merging", "candidates")
    merge = _Late("merging", "merge")
    add_message = _Late("messages", "add_message")
    receive_return = _Late("returns", "receive_return")
    adjust_stock = _Late("stock", "adjust")
    count_stock = _Late("stock", "count")
    receive_stock = _Late("stock", "receive")
    set_product = _Late("stock", "set_product")
    plan_undo = _Late("undo", "plan_undo")
    undo = _Late("undo", "undo")

__all__ = [
    "Call",
    "call",
    "accept_refund",
    "open_dispute",
    "reject_refund",
    "request_refund",
    "resolve_dispute",
    "change_lines",
    "edit",
    "hold",
    "mark_paid",
    "release",
    "cancel",
    "confirm",
    "deliver",
    "ship",
    "create_order",
    "merge_candidates",
    "merge",
    "add_message",
    "receive_return",
    "adjust_stock",
    "count_stock",
    "receive_stock",
    "set_product",
    "plan_undo",
    "undo",
]
