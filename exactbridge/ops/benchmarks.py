"""The benchmarks `manage.py bench NAME` knows, each a function in the part it measures.

A benchmark function takes the parsed options and returns ``(rows, figures)``: ``rows`` is a
list of ``(label, value)`` pairs for the readable table, ``figures`` the JSON-ready dict that
``--json`` prints as the last line, so runs can be compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Benchmark:
    function: str  # dotted path, imported only when the benchmark runs
    help: str
    add_arguments: Callable[[Any], None] | None = None


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def _intake_arguments(parser) -> None:
    parser.add_argument("--per-kind", type=int, default=20, help="Documents of each kind.")
    parser.add_argument("--kinds", default="ubl,pdf,scan", help="Comma-separated kinds.")
    parser.add_argument("--inner-dir", help=argparse_suppress())


BENCHMARKS: dict[str, Benchmark] = {
    "intake": Benchmark(
        "intake.bench.run_intake_benchmark",
        "Documents per minute and arrival-to-extracted p50/p95 per kind, through django-q2.",
        _intake_arguments,
    ),
}


def run(name: str, options: dict[str, Any]) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    return import_string(BENCHMARKS[name].function)(**options)
