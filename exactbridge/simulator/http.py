"""Minimal WSGI request/response helpers and Exact's error JSON (reference §4, V)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qsl

MAX_BODY = 10 * 1024 * 1024 * 4 // 3 + 65536  # 10 MB of file bytes, base64-encoded (reference §2.1)


@dataclass
class Request:
    method: str
    path: str
    query_string: str
    headers: dict[str, str]
    body: bytes
    base_url: str

    @classmethod
    def from_environ(cls, environ: dict) -> Request:
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(min(length, MAX_BODY)) if length > 0 else b""
        host = headers.get("host") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        scheme = environ.get("wsgi.url_scheme", "http")
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        return cls(
            method=environ["REQUEST_METHOD"].upper(),
            path=path,
            query_string=environ.get("QUERY_STRING", ""),
            headers=headers,
            body=body,
            base_url=f"{scheme}://{host}",
        )

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))

    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self.query_string, keep_blank_values=True))

    def json(self) -> object:
        """The parsed body; ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    def status_line(self) -> str:
        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return f"{self.status} Error"


def json_response(status: int, payload: object, headers: list | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(
        status, body, [("Content-Type", "application/json; charset=utf-8"), *(headers or [])]
    )


def text_response(status: int, text: str, headers: list | None = None) -> Response:
    return Response(
        status, text.encode(), [("Content-Type", "text/plain; charset=utf-8"), *(headers or [])]
    )


def exact_error(status: int, message: str, headers: list | None = None) -> Response:
    """``{"error":{"code":"","message":{"lang":"","value":…}}}`` — code and lang stay empty (V)."""
    payload = {"error": {"code": "", "message": {"lang": "", "value": message}}}
    return json_response(status, payload, headers)
