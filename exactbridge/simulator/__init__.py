"""A faithful local stand-in for Exact Online (and the Globe import), for demo and tests."""
