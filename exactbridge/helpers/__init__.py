"""Model-free helpers: safe XML parsing, money. No Django models in here."""
