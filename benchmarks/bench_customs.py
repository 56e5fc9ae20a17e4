"""Benchmark: 1,000 4×6 labels each followed by its CN 22, against the 1,000 plain labels.

Issue 16, acceptance 8: labels with their customs forms within 3× the plain labels. Both runs
draw the same labels (benchmarks.bench_labels' sample) in the same process; the customs run adds
the CN 22 page after each label, as ``orderdesk label`` does for a cross-border order.

    python3 -m benchmarks.bench_customs [--count 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
from datetime import UTC, datetime
from typing import Any

from benchmarks.bench_labels import sample_labels
from benchmarks.common import print_rows, result, timed
from orderdesk.documents import fonts
from orderdesk.documents.customs import customs_pages
from orderdesk.documents.customs_paper import CustomsPaper
from orderdesk.documents.label_data import LabelData
from orderdesk.documents.label_pdf import write_pdf
from orderdesk.domain.customs import Category, CustomsLine, Declaration

ARTICLES = (
    ("YERBA-1KG", "Yerba mate, dried leaves, 1 kg", "090300", "AR", 1000, 650000),
    ("CERAMIC-MUG", "Ceramic mug, stoneware", "691200", "CN", 350, 1200000),
    ("MATE-CLASSIC", "Gourd drinking vessel", "1404900090", "AR", 180, 880000),
)


def sample_papers(labels: list[LabelData]) -> list[CustomsPaper | None]:
    """A CN 22 per label, its articles the label's items (values in ARS)."""
    papers: list[CustomsPaper | None] = []
    when = datetime(2026, 12, 3, tzinfo=UTC)
    by_sku = {article[0]: article for article in ARTICLES}
    for label in labels:
        lines = tuple(
            CustomsLine(
                sku=sku,
                description=by_sku[sku][1],
                quantity=quantity,
                weight_g=by_sku[sku][4] * quantity,
                value=by_sku[sku][5] * quantity,
                hs_code=by_sku[sku][2],
                origin=by_sku[sku][3],
            )
            for sku, quantity in label.items
        )
        papers.append(
            CustomsPaper(
                declaration=Declaration(label.order_id, "CN22", Category.SALE, "ARS", lines, 0),
                ref=label.ref,
                invoice=f"INV-{label.order_id:06d}",
                sender=label.ship_from,
                addressee=label.ship_to,
                sender_phone="",
                sender_tax_id="",
                date=when,
                operator=label.carrier,
            )
        )
    return papers


def plain(labels: list[LabelData]) -> int:
    stream = io.BytesIO()
    write_pdf(stream, labels, len(labels))
    return stream.tell()


def with_customs(labels: list[LabelData], papers: list[CustomsPaper | None]) -> int:
    stream = io.BytesIO()
    write_pdf(stream, labels, len(labels), after=customs_pages(papers, "4x6"))
    return stream.tell()


def run(repeats: int = 5, count: int = 1000) -> list[dict[str, Any]]:
    fonts.register_fonts()
    labels = sample_labels(count)
    papers = sample_papers(labels)
    plain(labels[:2])
    with_customs(labels[:2], papers[:2])  # warm both paths
    sizes: dict[str, int] = {}
    base = timed(lambda: sizes.__setitem__("plain", plain(labels)), repeats)
    desk = timed(lambda: sizes.__setitem__("customs", with_customs(labels, papers)), repeats)
    ratio = statistics.median(desk) / statistics.median(base)
    return [
        result(
            f"labels with customs: {count:,} 4x6 labels + CN 22",
            desk,
            baseline=f"the {count:,} plain labels",
            baseline_samples=base,
            target="≤ 3× the plain labels",
            met=ratio <= 3.0,
            note=f"{sizes['customs'] / 1e6:.1f} MB vs {sizes['plain'] / 1e6:.1f} MB",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print_rows(run(args.repeats, args.count))


if __name__ == "__main__":
    main()
