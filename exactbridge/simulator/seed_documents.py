"""Demo documents, written through the same rules as API posts: purchase orders with goods
receipts, open purchase and sales entries, sales orders and subscriptions."""

from __future__ import annotations

from .catalog import REGISTRY


def seed_documents(seeder, gl: dict, suppliers: list, customers: list, items: list, create) -> None:
    rng, guid, ctx = seeder.rng, seeder.guid, seeder.ctx

    def post(entity: str, body: dict) -> dict:
        return create(ctx, REGISTRY.by_name[entity], body)

    cost_accounts = [gl[c] for c in ("4000", "4100", "4200", "4300", "4600", "4800", "7000")]
    for n in range(15):
        supplier = suppliers[n % len(suppliers)]
        lines = [
            {
                "ID": guid(),
                "Item": rng.choice(items)["ID"],
                "QuantityInPurchaseUnits": float(rng.randint(5, 60)),
                "ReceiptDate": "2026-03-10T00:00:00",
            }
            for _ in range(rng.randint(1, 4))
        ]
        order = post(
            "PurchaseOrders",
            {
                "PurchaseOrderID": guid(),
                "Supplier": supplier["ID"],
                "OrderDate": f"2026-02-{n + 1:02d}T00:00:00",
                "Description": f"Bestelling {n + 1}",
                "YourRef": f"PO-2026-{n + 1:03d}",
                "PurchaseOrderLines": lines,
            },
        )
        if n % 3 == 2:
            continue  # still fully open: a receipt can be matched against it later
        received = lines if n % 3 == 0 else lines[:1]
        receipt_lines = [
            {
                "ID": guid(),
                "PurchaseOrderLineID": line["ID"],
                "QuantityReceived": line["QuantityInPurchaseUnits"]
                if n % 3 == 0
                else float(int(line["QuantityInPurchaseUnits"] // 2)),
            }
            for line in received
        ]
        post(
            "GoodsReceipts",
            {
                "ID": guid(),
                "ReceiptDate": f"2026-02-{n + 5:02d}T00:00:00",
                "Description": f"Ontvangst {order['OrderNumber']}",
                "GoodsReceiptLines": receipt_lines,
            },
        )
    for n in range(12):
        supplier = suppliers[(n * 5) % len(suppliers)]
        lines = [
            {
                "ID": guid(),
                "GLAccount": rng.choice(cost_accounts),
                "AmountFC": round(rng.uniform(40, 2500), 2),
                "VATCode": rng.choice(["1  ", "1  ", "2  ", "0  "]),
                "Description": f"Factuurregel {k + 1}",
                "CostCenter": rng.choice(["200", "300", "400", None]),
            }
            for k in range(rng.randint(1, 3))
        ]
        post(
            "PurchaseEntries",
            {
                "EntryID": guid(),
                "Journal": "60",
                "Supplier": supplier["ID"],
                "EntryDate": f"2026-02-{n + 3:02d}T00:00:00",
                "YourRef": f"F{2026000 + n * 17}",
                "Description": f"Inkoopfactuur {supplier['Name']}",
                "PurchaseEntryLines": lines,
            },
        )
    for n in range(10):
        customer = customers[n % len(customers)]
        lines = [
            {
                "ID": guid(),
                "GLAccount": gl["8000"],
                "AmountFC": round(rng.uniform(100, 4000), 2),
                "VATCode": "1  ",
                "Description": "Levering",
            }
        ]
        post(
            "SalesEntries",
            {
                "EntryID": guid(),
                "Journal": "70",
                "Customer": customer["ID"],
                "EntryDate": f"2026-02-{n + 2:02d}T00:00:00",
                "YourRef": f"ORD-{n + 100}",
                "Description": f"Verkoopfactuur {customer['Name']}",
                "SalesEntryLines": lines,
            },
        )
    for n in range(5):
        customer = customers[n]
        lines = [
            {
                "ID": guid(),
                "Item": rng.choice(items[:50])["ID"],
                "Quantity": float(rng.randint(1, 20)),
            }
            for _ in range(rng.randint(1, 3))
        ]
        post(
            "SalesOrders",
            {
                "OrderID": guid(),
                "OrderedBy": customer["ID"],
                "OrderDate": "2026-02-20T00:00:00",
                "YourRef": f"KLANT-PO-{n + 1}",
                "SalesOrderLines": lines,
            },
        )
    service_items = [
        seeder.put(
            "Items",
            {
                "Code": f"ABO-{n + 1:02d}",
                "Description": desc,
                "Unit": "mnd",
                "IsSalesItem": True,
                "IsPurchaseItem": False,
                "IsStockItem": False,
                "SalesVatCode": "1  ",
                "StandardSalesPrice": price,
                "CostPriceStandard": 0.0,
                "Stock": 0.0,
                "GLRevenue": gl["8100"],
            },
        )
        for n, (desc, price) in enumerate(
            [
                ("Licentie per gebruiker", 25.0),
                ("Onderhoudscontract", 150.0),
                ("Support-uren bundel", 95.0),
            ]
        )
    ]
    subscription_type = guid()
    for n in range(6):
        customer = customers[n + 10]
        lines = [
            {
                "ID": guid(),
                "Item": item["ID"],
                "Quantity": float(rng.randint(1, 25)),
                "FromDate": "2026-01-01T00:00:00",
            }
            for item in service_items[: rng.randint(1, 3)]
        ]
        post(
            "Subscriptions",
            {
                "EntryID": guid(),
                "Description": f"Abonnement {customer['Name']}",
                "OrderedBy": customer["ID"],
                "SubscriptionType": subscription_type,
                "StartDate": "2026-01-01T00:00:00",
                "InvoiceDay": 1,
                "SubscriptionLines": lines,
            },
        )
