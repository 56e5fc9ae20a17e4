"""Benchmark: 4×6 shipping labels per 1,000, against a bare reportlab loop in the same run.

The desk's labels carry a Code 128 barcode, a QR code of the tracking URL and text in embedded
TrueType fonts (DejaVu Sans with WenQuanYi Micro Hei for CJK). The baseline draws the same text
in Helvetica and the same Code 128 with reportlab alone, no QR, no embedded fonts. Target: the
desk's 1,000 labels in under 3 s on the project's 2-core machine.

    python benchmarks/bench_labels.py [--count 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from orderdesk.documents import fonts
from orderdesk.documents.label_data import LabelData
from orderdesk.documents.label_pdf import LABEL_H, LABEL_W, write_pdf

NAMES = ("María Gómez", "Наталья Иванова", "张娜", "渡辺 太郎", "이 하은", "Sören Weiß",
         "François Bérenger", "Olivia Smith")


def sample_labels(count: int) -> list[LabelData]:
    """Realistic labels: mixed scripts, S10 tracking numbers and their tracking URLs."""
    labels = []
    for n in range(count):
        number = f"LP{n:08d}{n % 10}CN"
        labels.append(LabelData(
            order_id=1000 + n, channel="aliexpress", external_id=f"81{n:014d}",
            ship_to=(NAMES[n % len(NAMES)], f"Av. Corrientes {n % 4000}", "Depto 12",
                     f"C{1000 + n % 8999} Buenos Aires, CABA", "Argentina (AR)"),
            ship_from=("Tienda Ñandú", "Av. Siempreviva 742", "C1000 Buenos Aires"),
            carrier="China Post", service="Standard", tracking_number=number,
            tracking_url=f"https://track.chinapost.com.cn/#/result?mailNo={number}",
            items=(("YERBA-1KG", 1 + n % 3), ("CERAMIC-MUG", 1), ("MATE-CLASSIC", 2)),
        ))
    return labels


def desk_labels(labels: list[LabelData]) -> int:
    stream = io.BytesIO()
    write_pdf(stream, labels, len(labels))
    return stream.tell()


def baseline_labels(labels: list[LabelData]) -> int:
    """reportlab alone, as installed: the same text in Helvetica and Code 128, a page each."""
    rl_config.useA85 = 1  # reportlab's default (the desk's canvas turns it off)
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=(LABEL_W, LABEL_H), pageCompression=1)
    for label in labels:
        y = LABEL_H - 20
        for line in (*label.ship_from, label.ref, label.channel_label, label.external_id,
                     *label.ship_to, label.carrier_line):
            canvas.setFont("Helvetica", 10)
            canvas.drawString(10, y, line)
            y -= 14
        Code128(label.barcode_value, barWidth=1.064, barHeight=62, humanReadable=False,
                quiet=False).drawOn(canvas, 20, 150)
        y = 110
        for sku, quantity in label.items:
            canvas.drawString(10, y, f"{sku} x {quantity}")
            y -= 10
        canvas.showPage()
    canvas.save()
    return stream.tell()


def _time(work: Callable[[list[LabelData]], int], labels: list[LabelData],
          repeats: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        size = work(labels)
        times.append(time.perf_counter() - started)
    return times, size


def run(repeats: int = 5, count: int = 1000) -> list[dict[str, Any]]:
    """Time both loops ``repeats`` times over ``count`` labels; one dict per variant."""
    fonts.register_fonts()  # a desk process loads its fonts once
    labels = sample_labels(count)
    desk_labels(labels[:2])
    baseline_labels(labels[:2])  # warm both paths (imports, caches of the first page)
    results = []
    baseline_median = 0.0
    for name, work in (("baseline: reportlab text + Code 128", baseline_labels),
                       ("desk: fonts + Code 128 + QR", desk_labels)):
        times, size = _time(work, labels, repeats)
        median = statistics.median(times)
        if not baseline_median:
            baseline_median = median
        results.append({
            "name": name, "count": count, "repeats": repeats,
            "median_s": median, "min_s": min(times), "max_s": max(times),
            "per_1000_s": median * 1000 / count, "bytes": size,
            "ratio_to_baseline": median / baseline_median if baseline_median else 0.0,
        })
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for row in run(args.repeats, args.count):
        print(f"{row['name']:<38} {row['count']} labels: median {row['median_s']:.3f} s "
              f"(min {row['min_s']:.3f}, max {row['max_s']:.3f}; {args.repeats} repeats) "
              f"{row['bytes'] / 1e6:.1f} MB  ×{row['ratio_to_baseline']:.2f} baseline")


if __name__ == "__main__":
    main()
