"""Demo data: one command that makes the product show itself."""
