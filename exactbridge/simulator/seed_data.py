"""Fixed lists and generators for the demo seed (Dutch wholesaler)."""

from __future__ import annotations

import random

GL_NAMED = [  # code, description, Exact GL type (reference §5.5), balance type
    ("0100", "Bedrijfspanden", 90, "B"),
    ("0200", "Inventaris", 90, "B"),
    ("1000", "Kas", 10, "B"),
    ("1100", "Bank", 12, "B"),
    ("1300", "Debiteuren", 20, "B"),
    ("1500", "Af te dragen BTW", 24, "B"),
    ("1520", "Te vorderen BTW", 24, "B"),
    ("1600", "Crediteuren", 22, "B"),
    ("2000", "Vraagposten", 90, "B"),
    ("3000", "Voorraad handelsgoederen", 90, "B"),
    ("4000", "Huur bedrijfsruimte", 120, "W"),
    ("4100", "Energie", 120, "W"),
    ("4200", "Kantoorbenodigdheden", 120, "W"),
    ("4300", "Telefoon en internet", 120, "W"),
    ("4400", "Autokosten", 120, "W"),
    ("4500", "Reclame en advertenties", 120, "W"),
    ("4600", "Advieskosten", 120, "W"),
    ("4700", "Verzekeringen", 120, "W"),
    ("4800", "Software en licenties", 120, "W"),
    ("7000", "Inkoopwaarde van de omzet", 111, "W"),
    ("8000", "Omzet hoog tarief", 110, "W"),
    ("8010", "Omzet laag tarief", 110, "W"),
    ("8020", "Omzet 0% / export", 110, "W"),
    ("8100", "Omzet abonnementen", 110, "W"),
]
JOURNALS = [
    ("10", "Kas", 10),
    ("20", "Bank", 12),
    ("60", "Inkoopboek", 22),
    ("70", "Verkoopboek", 20),
    ("90", "Memoriaal", 90),
]
PAYMENT_CONDITIONS = [
    ("00", "Direct", 0),
    ("14", "14 dagen", 14),
    ("21", "21 dagen", 21),
    ("30", "30 dagen", 30),
]
COST_CENTERS = [
    ("100", "Directie"),
    ("200", "Verkoop"),
    ("300", "Inkoop"),
    ("400", "Magazijn"),
    ("500", "ICT"),
]
COST_UNITS = [("10", "Productlijn A"), ("20", "Productlijn B"), ("30", "Dienstverlening")]
NAME_PARTS = [
    "Van Dijk",
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "De Boer",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Verbeek",
]
TRADES = [
    "Groothandel",
    "Techniek",
    "Logistiek",
    "Kantoorartikelen",
    "Verpakkingen",
    "Elektro",
    "Bouwmaterialen",
    "Installaties",
    "Metaal",
    "Handelsonderneming",
]
CITIES = [
    ("Amsterdam", "1012 AB"),
    ("Rotterdam", "3011 AD"),
    ("Utrecht", "3511 CE"),
    ("Eindhoven", "5611 AZ"),
    ("Zwolle", "8011 PK"),
    ("Groningen", "9711 LM"),
    ("Breda", "4811 XP"),
    ("Arnhem", "6811 DG"),
]
ITEM_NOUNS = [
    "Kabel",
    "Schroef",
    "Bout",
    "Moer",
    "Plaat",
    "Buis",
    "Lamp",
    "Schakelaar",
    "Stekker",
    "Doos",
    "Tape",
    "Handschoen",
    "Filter",
    "Pomp",
    "Klep",
    "Slang",
    "Ring",
    "Beugel",
    "Pen",
    "Map",
    "Kabelgoot",
    "Ventiel",
    "Sensor",
    "Accu",
    "Lijm",
]
ITEM_SIZES = [
    f"{n} mm" for n in (3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 32, 40, 50, 63, 75, 90, 110)
] + [
    "S",
    "M",
    "L",
    "XL",
    "10 st",
    "25 st",
    "50 st",
    "100 st",
    "1 l",
    "5 l",
    "rood",
    "blauw",
    "zwart",
    "wit",
    "RVS",
    "verzinkt",
    "messing",
    "koper",
    "PVC",
    "nylon",
    "set",
    "compact",
    "pro",
    "eco",
    "industrie",
    "basic",
    "plus",
    "mini",
    "maxi",
    "extra",
    "heavy duty",
    "standaard",
    "deluxe",
]
BANKS = ["INGB", "RABO", "ABNA", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]


def iban(rng: random.Random) -> str:
    """A valid Dutch IBAN (ISO 13616 mod-97 check digits)."""
    bank = rng.choice(BANKS)
    account = f"{rng.randint(0, 9_999_999_999):010d}"
    digits = "".join(str(int(ch, 36)) for ch in f"{bank}{account}NL00")
    return f"NL{98 - int(digits) % 97:02d}{bank}{account}"


def vat_number(rng: random.Random) -> str:
    """An NL VAT number whose nine digits pass the eleven-test (weights 9..2, last digit -1)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "NL" + "".join(map(str, digits)) + str(check) + "B01"
