"""Channels, documents, classification and extraction."""
