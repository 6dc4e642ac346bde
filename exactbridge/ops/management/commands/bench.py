import json

from django.core.management.base import BaseCommand

from exactbridge.ops.benchmarks import BENCHMARKS, add_arguments, run


class Command(BaseCommand):
    help = "Run a benchmark and print its figures (with --json, one JSON object last)."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="benchmark", required=True)
        for name, benchmark in BENCHMARKS.items():
            sub = subparsers.add_parser(name, help=benchmark.help)
            sub.add_argument("--json", action="store_true", help="End with one JSON line.")
            add_arguments(name, sub)

    def handle(self, *args, benchmark, **options):
        wanted = {k: v for k, v in options.items() if k not in _BASE_OPTIONS}
        as_json = wanted.pop("json", False)
        rows, figures = run(benchmark, wanted)
        width = max((len(label) for label, _ in rows), default=0)
        self.stdout.write(f"bench {benchmark}")
        for label, value in rows:
            self.stdout.write(f"  {label:<{width}}  {value}")
        if as_json:
            self.stdout.write(json.dumps(figures, sort_keys=True))


_BASE_OPTIONS = {
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
    "stdout",
    "stderr",
}
