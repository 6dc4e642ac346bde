"""Shared by the channel tests: corpus e-mails, reading without a worker, a fake IMAP server."""

from __future__ import annotations

import imaplib
from pathlib import Path

import pytest
from django.utils import translation

from intake.channel_models import Mailbox
from tests.conftest import CORPORA

EMAILS = CORPORA / "email"
ALL_EMAILS = sorted(str(path.relative_to(EMAILS)) for path in EMAILS.rglob("*.eml"))


@pytest.fixture(autouse=True)
def _english(settings):
    """Reasons are asserted in English, whatever the default language of the deployment."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def eml(corpora: Path):
    def read(name: str) -> bytes:
        return (corpora / "email" / name).read_bytes()

    return read


@pytest.fixture
def reading_inline(monkeypatch, django_capture_on_commit_callbacks):
    """Documents are read as soon as their transaction commits, here instead of in a worker.

    Use as a context manager: ``with reading_inline(): ...``.
    """
    from intake.tasks import read_case

    monkeypatch.setattr(
        "intake.tasks.async_task", lambda path, case_id, **options: read_case(case_id)
    )
    return lambda: django_capture_on_commit_callbacks(execute=True)


class FakeImapServer:
    """One IMAP account in memory: folders of messages by UID, and what was done to them."""

    def __init__(self):
        self.folders: dict[str, dict[int, dict]] = {"INBOX": {}}
        self.next_uid = 1
        self.password = "s3cret"
        self.capabilities = ["IMAP4REV1", "MOVE", "UIDPLUS"]
        self.fetched: list[int] = []
        self.logged_out = 0

    def deliver(self, data: bytes, folder: str = "INBOX") -> int:
        uid = self.next_uid
        self.next_uid += 1
        self.folders.setdefault(folder, {})[uid] = {"data": data, "flags": set()}
        return uid

    def messages(self, folder: str) -> list[bytes]:
        return [message["data"] for message in self.folders.get(folder, {}).values()]


class FakeIMAP4:
    """Stands in for ``imaplib.IMAP4`` and ``IMAP4_SSL``: the commands ExactBridge uses, with
    imaplib's return shapes."""

    error = imaplib.IMAP4.error
    server: FakeImapServer

    def __init__(self, host, port=None, *, timeout=None, ssl_context=None):
        self.capabilities = ("IMAP4REV1", "STARTTLS")
        self.selected: str | None = None

    @staticmethod
    def _name(quoted: str) -> str:
        return quoted[1:-1].replace('\\"', '"').replace("\\\\", "\\")

    def starttls(self, ssl_context=None):
        return "OK", [b"Begin TLS"]

    def login(self, user, password):
        if password != self.server.password:
            raise self.error("[AUTHENTICATIONFAILED] Authentication failed.")
        return "OK", [b"Logged in"]

    def capability(self):
        return "OK", [" ".join(self.server.capabilities).encode()]

    def create(self, quoted):
        name = self._name(quoted)
        if name in self.server.folders:
            return "NO", [b"[ALREADYEXISTS] Mailbox already exists"]
        self.server.folders[name] = {}
        return "OK", [b"Create completed"]

    def select(self, quoted):
        name = self._name(quoted)
        if name not in self.server.folders:
            return "NO", [b"Mailbox doesn't exist"]
        self.selected = name
        return "OK", [str(len(self.server.folders[name])).encode()]

    def uid(self, command, *args):
        folder = self.server.folders[self.selected]
        if command == "SEARCH":
            return "OK", [b" ".join(str(uid).encode() for uid in sorted(folder))]
        uid = int(args[0])
        if command == "FETCH":
            self.server.fetched.append(uid)
            if uid not in folder:
                return "OK", [None]
            data = folder[uid]["data"]
            return "OK", [(f"1 (UID {uid} BODY[] {{{len(data)}}}".encode(), data), b")"]
        if command in {"MOVE", "COPY"}:
            if command == "MOVE" and "MOVE" not in self.server.capabilities:
                return "BAD", [b"Unknown command"]
            target = self._name(args[1])
            if target not in self.server.folders:
                return "NO", [b"[TRYCREATE] Mailbox doesn't exist"]
            message = folder.pop(uid) if command == "MOVE" else folder[uid]
            self.server.deliver(message["data"], target)
            return "OK", [b"Done"]
        if command == "STORE":
            folder[uid]["flags"].add(args[2].strip("()"))
            return "OK", [b"Store completed"]
        if command == "EXPUNGE":
            if folder.get(uid, {}).get("flags", set()) & {"\\Deleted"}:
                del folder[uid]
            return "OK", [b"Expunge completed"]
        raise AssertionError(f"unexpected command {command}")

    def expunge(self):
        folder = self.server.folders[self.selected]
        for uid in [uid for uid, m in folder.items() if "\\Deleted" in m["flags"]]:
            del folder[uid]
        return "OK", [b"Expunge completed"]

    def logout(self):
        self.server.logged_out += 1
        return "BYE", [b"Logging out"]


@pytest.fixture
def imap_server(monkeypatch) -> FakeImapServer:
    server = FakeImapServer()
    bound = type("BoundFakeIMAP4", (FakeIMAP4,), {"server": server})
    monkeypatch.setattr(imaplib, "IMAP4_SSL", bound)
    monkeypatch.setattr(imaplib, "IMAP4", bound)
    return server


@pytest.fixture
def mailbox(administration, imap_server) -> Mailbox:
    return Mailbox.objects.create(
        administration=administration,
        host="imap.example.test",
        username="invoices@acme.test",
        password=imap_server.password,
    )
