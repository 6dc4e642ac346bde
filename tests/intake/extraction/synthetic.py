"""Scans of invoices whose every field is known: drawn with Pillow in a Dutch or an English
layout, then printed-and-scanned by hand — speckle noise, a 1-2 degree skew and a slight blur.

`make_scan(seed)` returns the PNG bytes and the expected results (corpora/README.md format).
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from stdnum import iban as stdnum_iban

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = 2480, 3508  # A4 at 300 dpi
CENT = Decimal("0.01")

SUPPLIERS = [
    "De Vries Installatietechniek B.V.",
    "Bakkerij Janssen B.V.",
    "Noordzee Logistics B.V.",
    "Van Dam Kantoorartikelen B.V.",
    "Hollands Glorie Catering B.V.",
    "Brightside Software Ltd.",
]
BUYERS = ["Acme Nederland B.V.", "Groenteboer Pieters V.O.F.", "Stichting Welzijn Oost"]
ITEMS = [
    ("Consultancy uren", "Consultancy hours"),
    ("Installatie werkzaamheden", "Installation work"),
    ("Kantoorpapier A4 doos", "Office paper A4 box"),
    ("Onderhoudscontract maand", "Maintenance contract month"),
    ("Transportkosten", "Transport costs"),
    ("Licentie software jaar", "Software licence year"),
]
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = FONT_DIR / name
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def nl_vat(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "NL" + "".join(map(str, digits)) + str(check) + "B01"


def nl_iban(rng: random.Random) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO", "TRIO"])
    account = "".join(str(rng.randint(0, 9)) for _ in range(10))
    check = stdnum_iban.calc_check_digits(f"NLXX{bank}{account}")
    return f"NL{check}{bank}{account}"


def money(value: Decimal, *, dutch: bool) -> str:
    text = f"{value:,.2f}"
    if dutch:
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def make_invoice(seed: int) -> dict:
    """The known fields of invoice `seed`: even seeds Dutch, odd seeds English."""
    rng = random.Random(seed)
    dutch = seed % 2 == 0
    lines = []
    for index in rng.sample(range(len(ITEMS)), rng.randint(2, 4)):
        quantity = Decimal(rng.randint(1, 12))
        price = Decimal(rng.randint(500, 25000)) / 100
        rate = Decimal(rng.choice([21, 21, 9]))
        lines.append(
            {
                "description": ITEMS[index][0 if dutch else 1],
                "quantity": quantity,
                "unit_price": price,
                "amount": (quantity * price).quantize(CENT),
                "vat_rate": rate,
            }
        )
    net = sum(line["amount"] for line in lines)
    vat = sum((line["amount"] * line["vat_rate"] / 100).quantize(CENT) for line in lines)
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 360))
    return {
        "dutch": dutch,
        "issuer": rng.choice(SUPPLIERS),
        "buyer": rng.choice(BUYERS),
        "vat_number": nl_vat(rng),
        "kvk_number": f"{rng.randint(10000000, 99999999)}",
        "iban": nl_iban(rng),
        "invoice_number": f"{date.year}-{rng.randint(100, 9999):04d}",
        "po_number": f"PO{rng.randint(1000, 99999)}",
        "date": date,
        "due_date": date + datetime.timedelta(days=30),
        "currency": "EUR",
        "amount_untaxed": net,
        "amount_tax": vat,
        "amount": net + vat,
        "lines": lines,
    }


def draw_invoice(invoice: dict) -> Image.Image:
    dutch = invoice["dutch"]
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    body, big = font(38), font(64, bold=True)
    left, y = 200, 200

    def text(x: int, y: int, value: str, used=body) -> None:
        draw.text((x, y), value, fill=0, font=used)

    def day(value: datetime.date) -> str:
        if dutch:
            return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"
        return f"{MONTHS_EN[value.month - 1]} {value.day}, {value.year}"

    text(left, y, invoice["issuer"], big)
    text(left, y + 110, "Industrieweg 12, 3542 AD Utrecht")
    text(left, y + 170, f"KvK {invoice['kvk_number']}")
    text(left, y + 230, f"{'BTW' if dutch else 'VAT'} {invoice['vat_number']}")
    text(left, y + 290, f"IBAN {invoice['iban']}")
    text(1500, y + 110, "FACTUUR" if dutch else "INVOICE", font(72, bold=True))
    y = 720
    text(left, y, "Factuuradres:" if dutch else "Bill to:")
    text(left, y + 60, invoice["buyer"])
    text(left, y + 120, "Postbus 100, 1000 AA Amsterdam")
    labels = (
        ["Factuurnummer:", "Factuurdatum:", "Vervaldatum:", "Uw referentie:"]
        if dutch
        else ["Invoice number:", "Invoice date:", "Due date:", "Your reference:"]
    )
    values = [
        invoice["invoice_number"],
        day(invoice["date"]),
        invoice["due_date"].strftime("%d-%m-%Y") if dutch else day(invoice["due_date"]),
        invoice["po_number"],
    ]
    for offset, (label, value) in enumerate(zip(labels, values, strict=True)):
        text(1400, y + offset * 60, label)
        text(1800, y + offset * 60, value)
    y = 1200
    heads = (
        ["Omschrijving", "Aantal", "Prijs", "BTW", "Bedrag"]
        if dutch
        else ["Description", "Quantity", "Unit price", "VAT", "Amount"]
    )
    columns = [left, 1150, 1450, 1800, 2050]
    for x, head in zip(columns, heads, strict=True):
        text(x, y, head, font(38, bold=True))
    draw.line((left, y + 55, 2300, y + 55), fill=0, width=3)
    for number, line in enumerate(invoice["lines"], start=1):
        row = y + 40 + number * 70
        text(columns[0], row, line["description"])
        text(columns[1], row, str(line["quantity"]))
        text(columns[2], row, f"€ {money(line['unit_price'], dutch=dutch)}")
        text(columns[3], row, f"{line['vat_rate']}%")
        text(columns[4], row, f"€ {money(line['amount'], dutch=dutch)}")
    y = y + 40 + (len(invoice["lines"]) + 2) * 70
    totals = [
        ("Subtotaal" if dutch else "Subtotal", invoice["amount_untaxed"]),
        ("BTW" if dutch else "VAT", invoice["amount_tax"]),
        ("Totaal te betalen" if dutch else "Total amount due", invoice["amount"]),
    ]
    for offset, (label, value) in enumerate(totals):
        text(1450, y + offset * 70, label)
        text(2050, y + offset * 70, f"€ {money(value, dutch=dutch)}")
    footer = (
        "Wij verzoeken u het bedrag binnen 30 dagen over te maken."
        if dutch
        else "Please pay within 30 days."
    )
    text(left, y + 320, footer)
    text(left, HEIGHT - 300, f"{invoice['issuer']}  ·  KvK {invoice['kvk_number']}", font(30))
    return image


def scan(image: Image.Image, rng: random.Random) -> Image.Image:
    """Print and scan: a slight skew, blur and speckle."""
    angle = rng.choice([-1, 1]) * rng.uniform(1.0, 2.0)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=1.2))
    pixels = image.load()
    for _ in range(image.width * image.height // 150):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = rng.choice([0, 90, 200])
    return image


def expected_results(invoice: dict) -> dict:
    result = {
        key: invoice[key]
        for key in (
            "issuer",
            "vat_number",
            "kvk_number",
            "iban",
            "invoice_number",
            "po_number",
            "currency",
        )
    }
    result |= {
        "date": invoice["date"].isoformat(),
        "due_date": invoice["due_date"].isoformat(),
        "amount": float(invoice["amount"]),
        "amount_untaxed": float(invoice["amount_untaxed"]),
        "amount_tax": float(invoice["amount_tax"]),
        "lines": [
            {
                key: (str(value) if key == "description" else float(value))
                for key, value in line.items()
            }
            for line in invoice["lines"]
        ],
    }
    return result


def make_scan(seed: int) -> tuple[bytes, dict]:
    invoice = make_invoice(seed)
    image = scan(draw_invoice(invoice), random.Random(seed * 7919))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue(), expected_results(invoice)
