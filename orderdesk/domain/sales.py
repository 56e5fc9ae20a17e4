"""What counts as a sale, and what an order nets the seller: written once, here.

Insights, the workbook's Summary and the desk all count the same orders as sales and net them
the same way; where a figure is summed in SQL, its condition and expression are generated from
these definitions, never written out again.
"""

from __future__ import annotations

from orderdesk.domain.stages import Stage

#: Orders in these stages are not sales: a cancelled order sold nothing.
NOT_SALES: frozenset[Stage] = frozenset({Stage.CANCELLED})

#: net = total − marketplace fee − the seller's shipping cost − what was refunded.
NET_TERMS: tuple[str, ...] = ("total", "fee", "shipping_cost", "refunded")


def is_sale(stage: str) -> bool:
    return stage not in {s.value for s in NOT_SALES}


def net(total: int, fee: int, shipping_cost: int, refunded: int) -> int:
    """What an order (or a sum of orders) leaves the seller, in minor units."""
    return total - fee - shipping_cost - refunded


def sale_sql(alias: str = "o") -> str:
    """The SQL condition that an order row ``alias`` is a sale."""
    stages = ", ".join(f"'{s.value}'" for s in sorted(NOT_SALES))
    return f"{alias}.stage NOT IN ({stages})"


def net_sql(alias: str = "o") -> str:
    """The SQL expression of an order row's net."""
    first, *rest = (f"{alias}.{term}" for term in NET_TERMS)
    return " - ".join([first, *rest])
