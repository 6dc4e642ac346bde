"""`bench intake` feeds documents through a real django-q2 cluster and reports figures."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_bench_intake_prints_a_table_and_a_json_last_line(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "intake",
            "--per-kind",
            "2",
            "--kinds",
            "ubl",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), "HOME": str(tmp_path)},
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "documents per minute" in result.stdout
    figures = json.loads(lines[-1])
    assert figures["kinds"]["ubl"]["documents"] == 2
    assert figures["kinds"]["ubl"]["p50_s"] > 0
    assert figures["documents_per_minute"] > 0
    assert "received" not in figures["statuses"]
