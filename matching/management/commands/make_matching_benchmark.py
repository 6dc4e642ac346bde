from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from matching.dataset import write
from matching.generate import generate


class Command(BaseCommand):
    help = (
        "Write a matching benchmark data set (orders, receipts, invoices, history and their "
        "ground truth as JSON) generated from a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--invoices", type=int, default=2000)
        parser.add_argument(
            "--order-lines", type=int, help="Open order lines in all (default: 10 per invoice)."
        )
        parser.add_argument("--out", type=Path, required=True, metavar="DIR")

    def handle(self, *args, seed, invoices, order_lines, out, **options):
        if invoices < 1:
            raise CommandError("--invoices must be at least 1.")
        data = generate(seed=seed, invoices=invoices, order_lines=order_lines)
        write(data, out)
        lines = sum(len(order.lines) for order in data.orders)
        self.stdout.write(
            f"{out}: {len(data.invoices)} invoices, {len(data.orders)} orders ({lines} lines), "
            f"{len(data.receipts)} receipts, {len(data.history)} approved postings"
        )
