"""Which backend posts for an administration: chosen by ``Administration.kind`` only, so nothing
above this module knows which Exact product it talks to."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from exactbridge.administrations.models import Administration
from exactbridge.helpers.messages import MessageError, message
from exactbridge.posting.actions import Backend


class PostingUnavailable(MessageError):
    """This administration's Exact product cannot be posted to (yet); ``message`` says so."""


def backend_for(administration: Administration) -> Backend:
    if administration.kind == Administration.Kind.ONLINE:
        from exactbridge.posting.online_backend import OnlineBackend

        return OnlineBackend(administration)
    if administration.kind == Administration.Kind.GLOBE:
        raise PostingUnavailable(message(gettext_noop("Exact Globe posting is not available yet.")))
    raise PostingUnavailable(
        message(
            gettext_noop("Administrations of kind %(kind)s cannot be posted to."),
            kind=str(administration.kind),
        )
    )
