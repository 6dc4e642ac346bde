"""Deterministic demo data: the same seed string gives the same administration every time.

``seed(store, "demo")`` fills an empty store with a Dutch wholesaler: suppliers and customers with
valid IBANs and VAT numbers, ~140 GL accounts, VAT codes 21%/9%/0%, journals, cost centers and
units, projects, 1,250 items (enough to page the 1000-row bulk/sync endpoints), payment
conditions, sales price agreements, purchase orders with goods receipts, open payables and
receivables (from posted entries), sales orders and subscriptions. Master data is written
directly; documents go through the same write rules as API posts, at a fixed seed time, so their
numbers and totals are consistent. A store that already holds a configuration is left as it is.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

from .catalog import REGISTRY
from .clock import Clock
from .odata_types import pad_account_code
from .seed_data import (
    CITIES,
    COST_CENTERS,
    COST_UNITS,
    GL_NAMED,
    ITEM_NOUNS,
    ITEM_SIZES,
    JOURNALS,
    NAME_PARTS,
    PAYMENT_CONDITIONS,
    TRADES,
    iban,
    vat_number,
)
from .store import Store
from .writes import Ctx, create

SEED_TIME = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()


def seed(store: Store, name: str = "demo", *, redirect_uri: str | None = None) -> dict:
    """Fill the store for seed ``name`` (once) and return the app/user configuration."""
    existing = store.kv_get("config", "app")
    if existing is not None:
        return existing
    rng = random.Random(f"exact-simulator:{name}")  # noqa: S311 - demo data, not security

    def guid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    division = 499156 if name == "demo" else rng.randint(100000, 999999)
    config = {
        "seed": name,
        "client_id": guid(),
        "client_secret": "".join(
            rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            for _ in range(12)
        ),
        "redirect_uri": redirect_uri or "http://127.0.0.1:8000/online/oauth/callback/",
        "webhook_secret": "".join(rng.choice("0123456789abcdef") for _ in range(32)),
        "divisions": [division],
        "user_id": guid(),
        "user_name": "Demi Demo" if name == "demo" else f"User {name}",
        "email": "demi@example.nl",
        "company": "Groothandel Demo B.V." if name == "demo" else f"Administratie {name}",
        "company_vat": vat_number(rng),
        "customer_id": guid(),
        "customer_code": pad_account_code("1"),
        "refresh_grace": True,
        "refresh_window": True,
        "mandatory_filters": True,
    }
    clock = Clock()
    clock.set(at=SEED_TIME, frozen=True)
    ctx = Ctx(
        store=store,
        registry=REGISTRY,
        clock=clock,
        division=division,
        user_id=config["user_id"],
        user_name=config["user_name"],
        client_id=config["client_id"],
        api_base=f"http://simulator/api/v1/{division}",
    )
    with store.atomic():
        _Seeder(store, ctx, rng, guid, config).run()
        store.kv_put("config", "app", config)
    return config


class _Seeder:
    def __init__(self, store: Store, ctx: Ctx, rng: random.Random, guid, config: dict) -> None:
        self.store, self.ctx, self.rng, self.guid, self.config = store, ctx, rng, guid, config
        self.div = ctx.division
        self.stamp = ctx.clock.local_iso()

    def put(self, entity: str, row: dict) -> dict:
        spec = REGISTRY.by_name[entity]
        row = {spec.key: row.get(spec.key) or self.guid(), **row}
        audit = {
            "Created": self.stamp,
            "Modified": self.stamp,
            "Creator": self.config["user_id"],
            "Modifier": self.config["user_id"],
            "Division": self.div,
        }
        return self.store.put(self.div, entity, str(row[spec.key]), {**audit, **row})

    def run(self) -> None:
        c = self.config
        self.put(
            "Divisions",
            {
                "Code": self.div,
                "Description": c["company"],
                "Current": True,
                "Country": "NL",
                "Currency": "EUR",
                "VATNumber": c["company_vat"],
                "Status": 1,
                "BlockingStatus": 0,
                "IsMainDivision": True,
            },
        )
        gl = self.gl_accounts()
        for code, pct, desc, vtype in (
            ("1  ", 21.0, "BTW hoog 21%", "E"),
            ("2  ", 9.0, "BTW laag 9%", "E"),
            ("0  ", 0.0, "BTW 0%", "N"),
        ):
            self.put(
                "VATCodes",
                {
                    "Code": code,
                    "Description": desc,
                    "Percentage": pct,
                    "Type": vtype,
                    "Charged": False,
                    "IsBlocked": False,
                    "GLToPay": gl.get("1500"),
                    "GLToClaim": gl.get("1520"),
                },
            )
        for code, desc, jtype in JOURNALS:
            self.put(
                "Journals",
                {
                    "Code": code,
                    "Description": desc,
                    "Type": jtype,
                    "Currency": "EUR",
                    "AllowVAT": jtype in {20, 22},
                    "IsBlocked": False,
                },
            )
        for code, desc, days in PAYMENT_CONDITIONS:
            self.put(
                "PaymentConditions",
                {
                    "Code": code,
                    "Description": desc,
                    "PaymentDays": days,
                    "PaymentEndOfMonths": 0,
                    "PaymentMethod": "B",
                },
            )
        for code, desc in COST_CENTERS:
            self.put("Costcenters", {"Code": code, "Description": desc, "Active": True})
        for code, desc in COST_UNITS:
            self.put("Costunits", {"Code": code, "Description": desc})
        suppliers = [self.account(2001 + i, supplier=True, gl=gl) for i in range(24)]
        customers = [self.account(1001 + i, supplier=False, gl=gl) for i in range(30)]
        for n, customer in enumerate(customers[:8]):
            self.put(
                "Projects",
                {
                    "Code": f"P26{n + 1:03d}",
                    "Description": f"Project {customer['Name']}",
                    "Type": 3,
                    "Account": customer["ID"],
                    "AccountName": customer["Name"],
                    "StartDate": "2026-01-01T00:00:00.000",
                    "BudgetedAmount": 5000.0 * (n + 1),
                },
            )
        items = self.items(gl)
        self.prices(items, customers)
        self.documents(gl, suppliers, customers, items)

    def gl_accounts(self) -> dict[str, str]:
        ids = {}
        for code, desc, gtype, balance in GL_NAMED:
            side = "C" if gtype in {22, 24, 110} else "D"
            vat = "1  " if gtype in {110, 120, 111} else None
            row = self.put(
                "GLAccounts",
                {
                    "Code": code,
                    "Description": desc,
                    "Type": gtype,
                    "BalanceType": balance,
                    "BalanceSide": side,
                    "VATCode": vat,
                    "IsBlocked": False,
                    "UseCostcenter": 0,
                    "UseCostunit": 0,
                },
            )
            ids[code] = row["ID"]
        for n in range(140 - len(GL_NAMED)):
            code = str(4010 + n * 7)
            row = self.put(
                "GLAccounts",
                {
                    "Code": code,
                    "Description": f"Overige bedrijfskosten {n + 1}",
                    "Type": 120,
                    "BalanceType": "W",
                    "BalanceSide": "D",
                    "VATCode": "1  ",
                    "IsBlocked": False,
                },
            )
            ids[code] = row["ID"]
        return ids

    def account(self, number: int, *, supplier: bool, gl: dict) -> dict:
        rng = self.rng
        name = f"{rng.choice(NAME_PARTS)} {rng.choice(TRADES)} B.V."
        city, postcode = rng.choice(CITIES)
        row = self.put(
            "Accounts",
            {
                "Code": pad_account_code(str(number)),
                "Name": name,
                "Status": "A" if supplier else "C",
                "IsSupplier": supplier,
                "IsSales": not supplier,
                "IsPurchase": supplier,
                "Type": "A",
                "Blocked": supplier and number % 11 == 0,
                "AddressLine1": f"Industrieweg {rng.randint(1, 250)}",
                "Postcode": postcode,
                "City": city,
                "Country": "NL",
                "CountryName": "Nederland",
                "Email": f"info@{name.split()[0].lower()}{number}.nl",
                "VATNumber": vat_number(rng),
                "ChamberOfCommerce": f"{rng.randint(10000000, 99999999)}",
                "Language": "NL",
                "PaymentConditionPurchase": rng.choice(["14", "30"]) if supplier else None,
                "PaymentConditionSales": None if supplier else rng.choice(["14", "30"]),
                "PurchaseVATCode": "1  " if supplier else None,
                "SalesVATCode": None if supplier else "1  ",
                "PurchaseCurrency": "EUR",
                "SalesCurrency": "EUR",
                "GLAP": gl["1600"],
                "GLAR": gl["1300"],
                "GLAccountPurchase": gl["7000"] if supplier else None,
                "GLAccountSales": None if supplier else gl["8000"],
                "CreditLinePurchase": 0.0 if supplier else None,
                "CreditLineSales": None
                if supplier
                else float(rng.choice([5000, 10000, 25000, 50000])),
            },
        )
        for main in [True] + ([False] if rng.random() < 0.3 else []):
            number_text = iban(rng)
            self.put(
                "BankAccounts",
                {
                    "Account": row["ID"],
                    "AccountName": name,
                    "BankAccount": number_text,
                    "IBAN": number_text,
                    "BICCode": number_text[4:8] + "NL2A",
                    "Main": main,
                    "Blocked": False,
                    "Format": "IBAN",
                    "Type": "A",
                    "BankAccountHolderName": name,
                },
            )
        return row

    def items(self, gl: dict) -> list[dict]:
        rows = []
        for n in range(1250):
            noun = ITEM_NOUNS[n % len(ITEM_NOUNS)]
            size = ITEM_SIZES[(n // len(ITEM_NOUNS)) % len(ITEM_SIZES)]
            cost = round(self.rng.uniform(0.5, 250), 2)
            rows.append(
                self.put(
                    "Items",
                    {
                        "Code": f"{10000 + n}",
                        "Description": f"{noun} {size}",
                        "Unit": self.rng.choice(["pc", "pc", "box", "m", "kg"]),
                        "IsSalesItem": True,
                        "IsPurchaseItem": True,
                        "IsStockItem": True,
                        "IsFractionAllowedItem": False,
                        "SalesVatCode": "2  " if n % 10 == 0 else "1  ",
                        "CostPriceStandard": cost,
                        "CostPriceCurrency": "EUR",
                        "StandardSalesPrice": round(cost * 1.45, 2),
                        "Stock": float(self.rng.randint(0, 400)),
                        "GLRevenue": gl["8000"],
                        "GLCosts": gl["7000"],
                        "GLStock": gl["3000"],
                    },
                )
            )
        return rows

    def prices(self, items: list[dict], customers: list[dict]) -> None:
        for item in items[:50]:
            self.put(
                "SalesItemPrices",
                {
                    "Item": item["ID"],
                    "ItemCode": item["Code"],
                    "Price": item["StandardSalesPrice"],
                    "Currency": "EUR",
                    "Unit": item["Unit"],
                    "Quantity": 0.0,
                },
            )
        for n in range(30):
            item, customer = self.rng.choice(items[:50]), customers[n % len(customers)]
            self.put(
                "SalesItemPrices",
                {
                    "Item": item["ID"],
                    "ItemCode": item["Code"],
                    "Account": customer["ID"],
                    "AccountName": customer["Name"],
                    "Currency": "EUR",
                    "Unit": item["Unit"],
                    "Price": round(item["StandardSalesPrice"] * 0.9, 2),
                    "Quantity": 0.0,
                    "StartDate": "2026-01-01T00:00:00.000",
                },
            )

    def documents(self, gl: dict, suppliers: list, customers: list, items: list) -> None:
        from .seed_documents import seed_documents

        seed_documents(
            self, gl, [s for s in suppliers if not s["Blocked"]], customers, items, create
        )
