"""Background entry points of the Exact Online connector (django-q2). Their dotted paths are
public names: ``exactbridge/schedules.py`` refers to them."""

from __future__ import annotations

from exactbridge.online.retention import prune_api_calls


def prune_api_log() -> int:
    """The daily run: drop the API calls past the retention. Safe to run twice."""
    return prune_api_calls()
