"""`manage.py evaluate_extraction DIR [--json]`: field accuracy on folders of documents with
expected results, and the floors reading must stay above."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from intake.einvoice import read_einvoice
from tests.intake.extraction.synthetic import make_scan

# The goal for the invoice2data PDFs is 95% of annotated fields. Measured today: 109 of 114
# (95.6%) overall, 66 of 68 (97.1%) on header fields (88.6% and 94.1% before the embedded
# e-invoice's text-only lines were left out, its item text read and what it lacks read from
# the page; 61.4% and 88.2% before the line-table, receipt and picture-letterhead rules). These
# floors are what is truly reached. What is left, none of it fixable without bending the
# comparison or the truth:
# - AzureInterior (1 field): the Olive Oil's unit price is 0.90 in the embedded UBL (the price
#   after its 10% discount) where the annotation has the 1.00 printed before the discount; the
#   XML wins;
# - coolblue1/2 (2 fields) list the "Incl. Thuiskopieheffing" levy as the last line, while it
#   is printed under the item it is included in (and is no line of its own: its amount is in
#   that item's price, the items alone add up to the total);
# - FlipkartInvoice (2 fields): the annotation names the platform ("Flipkart") where the page
#   says "Sold By: WS Retail Services Pvt. Ltd.", and keeps the "#" of "Invoice No : #" in the
#   number.
PDF_FLOOR_OVERALL = 0.95
PDF_FLOOR_HEADER = 0.97
SCAN_FLOOR = 0.90


def evaluate(directory) -> dict:
    out = StringIO()
    call_command("evaluate_extraction", str(directory), json=True, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def accuracy(fields: dict, *, lines: bool) -> float:
    chosen = [v for k, v in fields.items() if lines or not k.startswith("lines.")]
    return sum(v["correct"] for v in chosen) / sum(v["total"] for v in chosen)


def test_json_line_has_the_documented_keys(corpora, tmp_path):
    for name in ("coolblue1", "oyo"):
        for suffix in (".pdf", ".json"):
            shutil.copy(corpora / "pdf/invoice2data" / f"{name}{suffix}", tmp_path)

    result = evaluate(tmp_path)

    assert set(result) == {"documents", "accuracy", "fields", "seconds"}
    assert result["documents"] == 2
    assert 0.0 <= result["accuracy"] <= 1.0
    assert result["fields"]["invoice_number"] == {"correct": 2, "total": 2}
    assert set(result["seconds"]) == {"p50", "p95"}


def test_table_names_fields_and_times(corpora, tmp_path):
    for suffix in (".pdf", ".json"):
        shutil.copy(corpora / "pdf/invoice2data" / f"coolblue1{suffix}", tmp_path)
    out = StringIO()

    call_command("evaluate_extraction", str(tmp_path), stdout=out)

    text = out.getvalue()
    assert "invoice_number" in text and "overall" in text
    assert "seconds per document (pdf-text, 1): p50" in text
    assert not text.strip().splitlines()[-1].startswith("{")


def test_unreadable_document_counts_its_fields_wrong_and_is_listed(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"nonsense" * 20)
    (tmp_path / "broken.json").write_text(json.dumps([{"invoice_number": "1", "amount": 2.5}]))
    (tmp_path / "lonely.json").write_text("{}")  # no document beside it: skipped
    out = StringIO()

    call_command("evaluate_extraction", str(tmp_path), json=True, stdout=out)

    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["documents"] == 1
    assert result["accuracy"] == 0.0
    assert result["fields"]["amount"] == {"correct": 0, "total": 1}
    assert "unreadable: broken.pdf: The PDF is damaged" in out.getvalue()


def test_ubl_invoices_read_exactly_what_their_cii_twins_say(corpora, tmp_path):
    source = corpora / "pdf/facturx-xml-rechnung"
    for cii in sorted(source.glob("*.cii.xml")):
        name = cii.name.removesuffix(".cii.xml")
        ubl = source / f"{name}.ubl.xml"
        if not ubl.exists():
            continue
        shutil.copy(ubl, tmp_path / f"{name}.xml")
        expected = read_einvoice(data=cii.read_bytes()).to_expected_dict()
        (tmp_path / f"{name}.json").write_text(json.dumps(expected, default=str))

    result = evaluate(tmp_path)

    assert result["documents"] >= 10
    assert result["accuracy"] == 1.0


def test_invoice_pdfs_stay_above_the_measured_floor(corpora, tmp_path):
    for expected in (corpora / "pdf/invoice2data").glob("*.json"):
        document = expected.with_suffix(".pdf")
        if document.exists():
            shutil.copy(expected, tmp_path)
            shutil.copy(document, tmp_path)

    result = evaluate(tmp_path)

    print("invoice2data PDFs:", json.dumps(result))
    assert result["documents"] == 11
    assert accuracy(result["fields"], lines=True) >= PDF_FLOOR_OVERALL
    assert accuracy(result["fields"], lines=False) >= PDF_FLOOR_HEADER


@pytest.mark.parametrize("seeds", [range(4)], ids=["2 Dutch and 2 English scans"])
def test_generated_scans_of_known_invoices_read_at_least_90_percent(tmp_path, seeds):
    for seed in seeds:
        png, expected = make_scan(seed)
        (tmp_path / f"scan{seed}.png").write_bytes(png)
        (tmp_path / f"scan{seed}.json").write_text(json.dumps(expected))

    result = evaluate(tmp_path)

    print("generated scans:", json.dumps(result))
    assert result["documents"] == len(seeds)
    assert result["accuracy"] >= SCAN_FLOOR
