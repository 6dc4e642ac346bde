"""Exact Online: OAuth2 connection, REST client, sync and webhooks."""
