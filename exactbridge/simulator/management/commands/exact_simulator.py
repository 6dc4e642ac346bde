"""``manage.py exact_simulator`` — run the local Exact Online simulator, or list what was posted."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from exactbridge.simulator.server import build, make
from exactbridge.simulator.store import Store


class Command(BaseCommand):
    help = (
        "Run a local Exact Online simulator on 127.0.0.1 with seeded demo data, keeping its own "
        "state in a SQLite file apart from the product's database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--seed", default="demo", help="Seed string for the demo data.")
        parser.add_argument(
            "--state",
            default=None,
            help="State file (default: DATA_DIR/simulator.sqlite3); ':memory:' keeps nothing.",
        )
        parser.add_argument(
            "--redirect-uri", default=None, help="OAuth redirect URI to accept (first run only)."
        )
        parser.add_argument(
            "--list-posted",
            action="store_true",
            help="Print what was posted to the simulator (from the state file) and exit.",
        )
        parser.add_argument("--verbose", action="store_true", help="Log every request.")

    def handle(self, *args, port, seed, state, redirect_uri, list_posted, verbose, **options):
        state = state or str(Path(settings.DATA_DIR) / "simulator.sqlite3")
        if list_posted:
            return self._list_posted(state)
        simulator = build(state=state, seed_name=seed, redirect_uri=redirect_uri)
        config = simulator.config
        if config.get("seed") != seed:
            raise CommandError(
                f"{state} holds seed {config.get('seed')!r}; pass another --state for {seed!r}."
            )
        try:
            server = make(simulator, port, verbose=verbose)
        except OSError as exc:
            raise CommandError(f"Cannot listen on 127.0.0.1:{port}: {exc}") from exc
        base = f"http://127.0.0.1:{server.server_port}"
        for line in (
            f"Exact Online simulator on {base} (state: {state}, seed: {seed})",
            f"  division       {config['divisions'][0]}",
            f"  client id      {config['client_id']}",
            f"  client secret  {config['client_secret']}",
            f"  redirect URI   {config['redirect_uri']}",
            f"  webhook secret {config['webhook_secret']}",
            f"  authorize      {base}/api/oauth2/auth   token {base}/api/oauth2/token",
            f"  control API    {base}/_simulator/ (config, faults, posted, webhooks, clock)",
        ):
            self.stdout.write(line)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
        finally:
            simulator.faults.stopping.set()
            server.server_close()
            simulator.store.close()

    def _list_posted(self, state: str) -> None:
        if state != ":memory:" and not Path(state).exists():
            raise CommandError(f"No simulator state at {state}.")
        store = Store(state)
        try:
            for item in store.posted():
                self.stdout.write(json.dumps(item, ensure_ascii=False))
        finally:
            store.close()
