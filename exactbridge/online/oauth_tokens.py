"""The token endpoint's answer (reference §1.3, V), parsed strictly."""

from __future__ import annotations

from dataclasses import dataclass


class TokenAnswerInvalid(ValueError):
    pass


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: int

    def __repr__(self) -> str:  # never print a token
        return f"Tokens(expires_in={self.expires_in})"


def parse_tokens(payload: object) -> Tokens:
    """``expires_in`` comes as a string of digits ("600"); ``token_type`` in any case."""
    if not isinstance(payload, dict):
        raise TokenAnswerInvalid("The token answer is not a JSON object.")
    access = payload.get("access_token")
    refresh = payload.get("refresh_token")
    expires = str(payload.get("expires_in", ""))
    token_type = str(payload.get("token_type", "bearer"))
    if not access or not refresh:
        raise TokenAnswerInvalid("The token answer lacks an access or refresh token.")
    if not expires.isdigit():
        raise TokenAnswerInvalid(f"The token answer's expires_in is not a number: {expires!r}.")
    if token_type.lower() != "bearer":
        raise TokenAnswerInvalid(f"Unexpected token type {token_type!r}.")
    return Tokens(access_token=access, refresh_token=refresh, expires_in=int(expires))
