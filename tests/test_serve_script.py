"""bin/serve, the container's command, run as a real process outside any container.

Each test starts it on embedded SQLite in a fresh data directory and a free port, whatever
database the test run itself uses, and kills whatever is left in a ``finally`` block.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SERVE = Path(__file__).resolve().parent.parent / "bin" / "serve"
PROC = Path("/proc")

pytestmark = pytest.mark.skipif(
    not (PROC / "self" / "stat").exists(), reason="reads the process tree from /proc"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(tmp_path: Path, port: int) -> subprocess.Popen:
    env = {
        # The interpreter running the tests has the dependencies; its directory stands in for
        # an activated virtualenv.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.defpath}",
        "PYTHON": sys.executable,
        "HOME": str(tmp_path),
        "DATA_DIR": str(tmp_path / "data"),
        "DEBUG": "true",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "TASK_WORKERS": "1",
    }
    log = (tmp_path / "serve.log").open("wb")
    return subprocess.Popen([str(SERVE)], env=env, stdout=log, stderr=subprocess.STDOUT)


def _output(tmp_path: Path) -> str:
    return (tmp_path / "serve.log").read_text(errors="replace")


def _processes() -> dict[int, tuple[int, str]]:
    """Every live process: pid -> (parent pid, command line). Zombies count as gone."""
    found = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry.name)] = (int(ppid), cmdline)
    return found


def _descendants(pid: int) -> dict[int, str]:
    processes = _processes()
    found: dict[int, str] = {}
    parents = {pid}
    while parents:
        children = {p for p, (ppid, _) in processes.items() if ppid in parents and p not in found}
        found.update({p: processes[p][1] for p in children})
        parents = children
    return found


def _still_running(pids, *, grace: float = 10.0) -> list[str]:
    """The command lines of ``pids`` still alive after ``grace`` seconds. A killed process takes
    a moment to exit (its command line is already empty while it tears down), more so on a
    loaded machine, so it is looked at until it is gone or the grace is over."""
    deadline = time.monotonic() + grace
    while True:
        processes = _processes()
        alive = [processes[pid][1] for pid in pids if pid in processes]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (http only)
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _wait_until_ready(process: subprocess.Popen, port: int, tmp_path: Path) -> None:
    """Wait for the line bin/serve prints once the web server answers."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"bin/serve ended early:\n{_output(tmp_path)}"
        if f"ready at http://localhost:{port}/" in _output(tmp_path):
            return
        time.sleep(0.2)
    pytest.fail(f"bin/serve did not report ready within 60 s:\n{_output(tmp_path)}")


def _wait_for_task_cluster(process: subprocess.Popen, seen: dict[int, str]) -> None:
    """Record the script's descendants until the task cluster has started its own processes.

    They are forked after it installs its signal handlers, so from then on it stops cleanly.
    """
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        descendants = _descendants(process.pid)
        seen.update(descendants)
        if sum("qcluster" in cmdline for cmdline in descendants.values()) >= 2:
            return
        time.sleep(0.1)


def _kill_all(process: subprocess.Popen, seen: dict[int, str]) -> None:
    if process.poll() is None:
        seen.update(_descendants(process.pid))
        process.kill()
        process.wait()
    for pid in seen:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_serve_runs_web_server_and_task_cluster_and_stops_both_on_sigterm(tmp_path):
    port = _free_port()
    process = _start(tmp_path, port)
    seen: dict[int, str] = {}
    try:
        _wait_until_ready(process, port, tmp_path)
        assert _get(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "ok"})
        status, body = _get(f"http://127.0.0.1:{port}/readyz")
        assert (status, body["checks"]) == (
            200,
            {"database": "ok", "broker": "ok", "data_dir": "ok"},
        )
        _wait_for_task_cluster(process, seen)
        seen.update(_descendants(process.pid))
        assert any("gunicorn" in cmdline for cmdline in seen.values()), seen
        assert any("qcluster" in cmdline for cmdline in seen.values()), seen

        process.send_signal(signal.SIGTERM)

        assert process.wait(timeout=20) == 0, _output(tmp_path)
        assert _still_running(seen) == []
    finally:
        _kill_all(process, seen)


def test_serve_exits_non_zero_and_stops_the_task_cluster_when_the_web_server_cannot_start(
    tmp_path,
):
    seen: dict[int, str] = {}
    with socket.socket() as squatter:
        # Holds the port on the address gunicorn binds, never answering HTTP.
        squatter.bind(("0.0.0.0", 0))  # noqa: S104
        squatter.listen()
        port = squatter.getsockname()[1]
        process = _start(tmp_path, port)
        try:
            _wait_for_task_cluster(process, seen)
            assert any("qcluster" in cmdline for cmdline in seen.values()), _output(tmp_path)

            assert process.wait(timeout=60) != 0

            assert _still_running(seen) == []
            assert "the web server stopped unexpectedly" in _output(tmp_path)
            assert "ready at" not in _output(tmp_path)
        finally:
            _kill_all(process, seen)


def test_serve_stops_the_web_server_when_the_task_cluster_is_killed(tmp_path):
    port = _free_port()
    process = _start(tmp_path, port)
    seen: dict[int, str] = {}
    try:
        _wait_until_ready(process, port, tmp_path)
        _wait_for_task_cluster(process, seen)
        cluster = next(
            pid
            for pid, (ppid, cmdline) in _processes().items()
            if ppid == process.pid and "qcluster" in cmdline
        )
        seen.update(_descendants(process.pid))

        os.kill(cluster, signal.SIGKILL)

        assert process.wait(timeout=30) != 0
        # The killed cluster's own workers and the web server's workers are gone as well.
        assert _still_running(seen) == []
    finally:
        _kill_all(process, seen)
