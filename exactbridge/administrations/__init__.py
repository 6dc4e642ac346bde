"""Administrations (Exact divisions and Globe companies), memberships and roles."""
