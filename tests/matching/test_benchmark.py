"""The benchmark's figures on a small seed, held as floors; and the commands around it."""

import json

import pytest
from django.core.management import call_command

from matching import dataset
from matching.benchmark import evaluate_coding, evaluate_matching
from matching.generate import generate


@pytest.fixture(scope="module")
def small():
    return generate(seed=1, invoices=300)


def test_no_false_matches_and_the_auto_match_rate_holds(small):
    figures = evaluate_matching(small)

    assert figures["false_matches"] == 0
    assert figures["truly_matching"] >= 200
    assert figures["auto_match_rate"] >= 0.95


def test_coding_accuracy_holds(small):
    assert evaluate_coding(small)["coding_accuracy"] >= 0.8


def test_generation_is_deterministic(small):
    again = generate(seed=1, invoices=300)

    assert again.invoices == small.invoices
    assert again.truth == small.truth


def test_every_mess_is_in_the_data(small):
    scenarios = {truth.scenario for truth in small.truth}

    assert {"partial", "split", "merged", "credit", "duplicate", "other_supplier"} <= scenarios
    assert any(not inv.po_reference for inv in small.invoices)
    assert any(line.unit != "pcs" for inv in small.invoices for line in inv.lines)


def test_make_and_bench_commands_print_figures_and_a_json_last_line(tmp_path, capsys):
    call_command("make_matching_benchmark", "--seed", "2", "--invoices", "60", "--out", tmp_path)
    capsys.readouterr()

    call_command("bench", "matching", "--data", str(tmp_path), "--scale-invoices", "0", "--json")

    out = capsys.readouterr().out.strip().splitlines()
    assert any("auto-match rate" in line for line in out)
    figures = json.loads(out[-1])
    expected = evaluate_matching(dataset.read(tmp_path))
    assert figures["auto_match_rate"] == expected["auto_match_rate"]
    for key in ("invoices", "truly_matching", "auto_matched", "false_matches"):
        assert figures[key] == expected[key]
    assert {"exceptions_by_reason", "coding_accuracy", "seconds"} <= set(figures)
