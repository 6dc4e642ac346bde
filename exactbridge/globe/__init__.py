"""Exact Globe: eExact XML build and parse, transports and import results."""
