"""The local mirror of Exact master data and open documents (filled by the Exact Online issue)."""
