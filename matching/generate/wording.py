"""How people write what they ordered on an invoice: abbreviated, misspelt, shouted."""

from __future__ import annotations

import random

REWORDS = {
    "black": "blk",
    "white": "wht",
    "heavy duty": "HD",
    "stainless": "stainless steel",
    "premium": "prem.",
    "recycled": "eco",
    "galvanised": "galv.",
    "copy paper": "printing paper",
    "ballpoint pen": "ball pen",
    "cable tie": "tie wrap",
    "trash bag": "refuse sack",
    "carton box": "cardboard box",
}


def messy(rng: random.Random, description: str) -> str:
    roll = rng.random()
    if roll < 0.12:
        for plain, other in REWORDS.items():
            if plain in description:
                return description.replace(plain, other)
    if roll < 0.27:
        words = description.split()
        long = [i for i, word in enumerate(words) if len(word) >= 4]
        if long:
            i = rng.choice(long)
            at = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:at] + words[i][at + 1 :]  # a letter dropped
        return " ".join(words)
    if roll < 0.35:
        return description.upper()
    return description


def mistyped(rng: random.Random, number: str) -> str:
    # A digit lost at either end: never another order's number (those all have six).
    return rng.choice([number[1:], "PO " + number[:-1]])
