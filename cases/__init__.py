"""The case and its life cycle, checks, proposals, approvals and the dashboard."""
