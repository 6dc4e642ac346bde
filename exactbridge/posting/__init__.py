"""Idempotent posting of approved proposals into Exact."""
