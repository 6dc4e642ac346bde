"""Two years of approved postings per supplier, the coding suggestions' memory: mostly each
item's usual coding, with corrections, stray cost centers and an occasional lasting drift."""

from __future__ import annotations

import datetime as dt

from matching.coding import ApprovedPosting
from matching.generate.wording import messy
from matching.generate.world import COST_CENTERS, Supplier, World


def history(world: World, supplier: Supplier) -> list[ApprovedPosting]:
    rng = world.rng
    start = dt.date(2023, 1, 1)
    drift = {
        item.code: (start + dt.timedelta(days=rng.randint(200, 600)), rng.choice(COST_CENTERS))
        for item in supplier.items
        if rng.random() < 0.1
    }
    records, since_drift = [], {}
    for _ in range(rng.randint(20, 80)):
        item = rng.choices(supplier.items, supplier.weights)[0]
        date = start + dt.timedelta(days=rng.randint(0, 729))
        records.append((date, item))
    result = []
    for date, item in sorted(records, key=lambda r: (r[0], r[1].code)):
        coding = dict(item.coding)
        corrected = rng.random() < 0.05
        if item.code in drift and date >= drift[item.code][0]:
            coding["cost_center"] = drift[item.code][1]
            since_drift[item.code] = since_drift.get(item.code, 0) + 1
            corrected = corrected or since_drift[item.code] <= 2
        if rng.random() < 0.04:
            coding["cost_center"] = rng.choice(COST_CENTERS)
        code = "" if rng.random() < 0.2 else item.code
        description = messy(rng, item.description)
        result.append(ApprovedPosting(supplier.code, date, code, description, coding, corrected))
    return result
