"""The domain actions the screens ask for, by the functions themselves, imported late.

The action modules import the ORM, and the desk's first paint must not wait for it: each name
here is, at run time, a stand-in that imports its module the first time it is called (in the
worker that performs it). Type checkers see the domain's own functions under the same names,
so a screen that names an action that does not exist, or calls it wrongly, fails the check;
``tests/ui/test_domain_calls.py`` proves every stand-in reaches the function it stands for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from orderdesk.domain.outcome import Outcome

if TYPE_CHECKING:
    from collections.abc import Callable


class _Late:
    """A domain action of ``orderdesk.domain.<module>``, imported when first called."""

    def __init__(self, module: str, name: str) -> None:
        self.module = f"orderdesk.domain.{module}"
        self.name = name

    def target(self) -> Callable[..., Any]:
        action: Callable[..., Any] = getattr(import_module(self.module), self.name)
        return action

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.target()(*args, **kwargs)


#: One call of a domain action on the desk's behalf: the action, its arguments, its keywords.
Call = tuple["Callable[..., Outcome]", tuple[Any, ...], dict[str, Any]]

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
    "add_message",
    "receive_return",
    "adjust_stock",
    "count_stock",
    "receive_stock",
    "set_product",
    "plan_undo",
    "undo",
]
