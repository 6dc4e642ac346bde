"""Serving the simulator: a threading stdlib WSGI server on 127.0.0.1 only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .app import Simulator
from .seed import seed
from .store import Store

HOST = "127.0.0.1"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


@dataclass
class Running:
    base_url: str
    simulator: Simulator
    stop: Callable[[], None]


def build(
    *, state: str = ":memory:", seed_name: str = "demo", redirect_uri: str | None = None
) -> Simulator:
    store = Store(state)
    config = seed(store, seed_name, redirect_uri=redirect_uri)
    return Simulator(store, config, seed=seed_name)


def make(simulator: Simulator, port: int, *, verbose: bool = False) -> WSGIServer:
    server = make_server(
        HOST, port, simulator, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def start_in_thread(
    simulator: Simulator | None = None,
    *,
    port: int = 0,
    state: str = ":memory:",
    seed_name: str = "demo",
    redirect_uri: str | None = None,
) -> Running:
    """Start on a free (or given) loopback port in a daemon thread; ``stop()`` shuts it down.
    Pass a ready ``simulator`` or let one be built from ``state`` and ``seed_name``."""
    if simulator is None:
        simulator = build(state=state, seed_name=seed_name, redirect_uri=redirect_uri)
    server = make(simulator, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()

    def stop() -> None:
        simulator.faults.stopping.set()  # release requests held back by a fault
        server.shutdown()
        server.server_close()
        thread.join(5)
        simulator.store.close()

    return Running(f"http://{HOST}:{server.server_port}", simulator, stop)
