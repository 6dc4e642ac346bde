"""A batch PDF holding several invoices becomes one document and case per invoice; a one-invoice
PDF stays whole; people correct the split, never for an invoice that is approved already."""

import io

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from cases.models import Case
from cases.transitions import ActionRefused, approve_case, mark_reviewed
from exactbridge.audit.models import AuditEvent
from intake.models import Document
from intake.pipeline import read_case_document
from intake.services import receive_document
from intake.splitting import (
    batch_pages,
    parse_groups,
    propose_split,
    resplit_batch,
    split_children,
    split_pdf,
)
from intake.storage import read_original
from tests.intake.extraction.synthetic import font, make_scan

INVOICES = "pdf/invoice2data"
# QualityHosting has two pages, coolblue1 and AmazonWebServices one each.
BATCH = ["QualityHosting.pdf", "coolblue1.pdf", "AmazonWebServices.pdf"]
BATCH_GROUPS = [[1, 2], [3], [4]]
S = Case.Status


def concatenate(*pdfs: bytes) -> bytes:
    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def batch(corpora) -> bytes:
    return concatenate(*((corpora / INVOICES / name).read_bytes() for name in BATCH))


@pytest.fixture
def split_case(administration, batch) -> Case:
    """The batch received and read: split into its three invoices, which are not read yet."""
    case = receive_document(
        administration=administration, data=batch, filename="scan.pdf", channel="upload"
    )
    return read_case_document(case_id=case.pk)


def _children(case: Case) -> list[Case]:
    return [child.case for child in split_children(case.document)]


def _read_children(case: Case) -> list[Case]:
    return [read_case_document(case_id=child.pk) for child in _children(case)]


def test_a_batch_of_three_invoices_is_split_where_each_begins(batch):
    assert propose_split(batch_pages(batch)) == BATCH_GROUPS


@pytest.mark.parametrize(
    "relative",
    [
        f"{INVOICES}/QualityHosting.pdf",  # "Seite 1", "Seite 2", the same invoice number
        f"{INVOICES}/free_fiber.pdf",  # the number again on page 2, "Page 2 / 2"
        "pdf/facturx-xml-rechnung/EN16931_Miete.pdf",  # four pages, "Seite n von 4"
        f"{INVOICES}/coolblue1.pdf",
    ],
)
def test_a_one_invoice_pdf_stays_whole(corpora, relative):
    data = (corpora / relative).read_bytes()

    assert propose_split(batch_pages(data)) == [list(range(1, pages_of(data) + 1))]


def test_split_pdf_copies_each_groups_pages_into_a_pdf_of_its_own(batch):
    parts = split_pdf(batch, BATCH_GROUPS)

    assert [pages_of(part) for part in parts] == [2, 1, 1]
    text = PdfReader(io.BytesIO(parts[1])).pages[0].extract_text()
    assert "993548900" in text  # coolblue's invoice number


def test_the_groups_people_type_are_read_and_checked():
    assert parse_groups("1-2 | 3 | 4", page_count=4) == BATCH_GROUPS
    assert parse_groups("1, 3\n2;4", page_count=4) == [[1, 3], [2], [4]]
    assert parse_groups("1 - 2 | 3\u20134", page_count=4) == [[1, 2], [3, 4]]
    with pytest.raises(ValueError, match="Page 4 is in no invoice"):
        parse_groups("1-2 | 3", page_count=4)
    with pytest.raises(ValueError, match="Page 2 is in more than one"):
        parse_groups("1-2 | 2-4", page_count=4)
    with pytest.raises(ValueError, match="there is no page 5"):
        parse_groups("1-2 | 3-5", page_count=4)
    with pytest.raises(ValueError, match="no page or page range"):
        parse_groups("1-2 | three | 4", page_count=4)


def test_reading_a_batch_makes_a_case_per_invoice_and_says_so_on_the_batch(split_case):
    children = _children(split_case)

    assert len(children) == 3
    for child, pages in zip(children, BATCH_GROUPS, strict=True):
        assert child.document.parent == split_case.document
        assert child.document.channel == Document.Channel.SPLIT
        assert child.document.origin["pages"] == pages
        assert pages_of(read_original(child.document.sha256)) == len(pages)
        assert child.status == S.RECEIVED  # queued for reading like any document
    assert split_case.status == S.REJECTED  # the batch itself is never approved or posted
    assert split_case.get_status_reason_display().startswith("Split into 3 invoices")
    for child in children:
        assert f"#{child.pk}" in split_case.get_status_reason_display()
    event = AuditEvent.objects.get(action="case.split")
    assert event.object_id == str(split_case.pk)


def test_each_invoice_of_the_batch_is_read_as_itself(split_case):
    read = _read_children(split_case)

    assert [case.invoice_number for case in read] == ["30064443", "993548900", "42183017"]
    assert all(case.status == S.NEEDS_REVIEW for case in read)
    # An invoice split from a batch is not split again.
    assert not Document.objects.filter(parent__channel=Document.Channel.SPLIT).exists()


def test_reading_a_batch_twice_splits_it_once(split_case):
    again = read_case_document(case_id=split_case.pk)

    assert again.status == S.REJECTED
    assert Document.objects.filter(parent=split_case.document).count() == 3
    assert AuditEvent.objects.filter(action="case.split").count() == 1


def test_a_one_invoice_pdf_is_read_without_splitting(administration, corpora):
    data = (corpora / INVOICES / "QualityHosting.pdf").read_bytes()
    case = receive_document(administration=administration, data=data, channel="upload")

    case = read_case_document(case_id=case.pk)

    assert case.status == S.NEEDS_REVIEW
    assert case.invoice_number == "30064443"
    assert not Document.objects.filter(parent=case.document).exists()


def two_page_scan() -> tuple[bytes, dict]:
    """A scanned invoice (no text layer) followed by a page of its terms."""
    png, expected = make_scan(0)
    invoice = Image.open(io.BytesIO(png)).convert("L")
    terms = Image.new("L", invoice.size, 255)
    draw = ImageDraw.Draw(terms)
    for row, text in enumerate(["Algemene voorwaarden", "Betaling binnen dertig dagen."]):
        draw.text((200, 300 + 90 * row), text, fill=0, font=font(48))
    pdf = io.BytesIO()
    invoice.save(pdf, format="PDF", resolution=300, save_all=True, append_images=[terms])
    return pdf.getvalue(), expected


def test_the_pages_of_a_scan_that_is_not_split_are_ocrd_once(administration, monkeypatch):
    from intake.extraction import layout

    data, expected = two_page_scan()
    ocr_runs = []
    real_ocr = layout.pytesseract.image_to_data

    def counted_ocr(image, **options):
        ocr_runs.append(image.size)
        return real_ocr(image, **options)

    monkeypatch.setattr(layout.pytesseract, "image_to_data", counted_ocr)
    case = receive_document(administration=administration, data=data, channel="upload")

    case = read_case_document(case_id=case.pk)

    assert not Document.objects.filter(parent=case.document).exists()  # not split
    assert case.invoice_number == expected["invoice_number"]
    assert case.extracted["format_name"] == "pdf-ocr"
    assert len(ocr_runs) == 2  # one per page: the split's reading is the invoice's reading


def test_resplitting_rejects_the_changed_invoices_and_makes_new_ones(split_case, accountant):
    first, coolblue, aws = _read_children(split_case)

    batch = resplit_batch(case=split_case, groups=[[1, 2], [3, 4]], user=accountant)

    now = _children(batch)
    assert [child.pk for child in now][:1] == [first.pk]  # its pages stayed together: kept
    assert [c.document.origin["pages"] for c in now] == [[1, 2], [3, 4]]
    new = now[1]
    assert new.document.parent == split_case.document
    assert new.status == S.RECEIVED
    assert pages_of(read_original(new.document.sha256)) == 2
    for old in (coolblue, aws):
        old.refresh_from_db()
        assert old.status == S.REJECTED
        assert old.get_status_reason_display() == f"re-split by {accountant.display_name}"
    assert batch.get_status_reason_display().startswith("Split into 2 invoices")
    assert f"#{new.pk}" in batch.get_status_reason_display()
    event = AuditEvent.objects.get(action="case.resplit")
    assert event.actor == accountant
    assert event.after["groups"] == [[1, 2], [3, 4]]
    assert sorted(event.after["rejected_case_ids"]) == sorted([coolblue.pk, aws.pk])


def test_splitting_back_as_before_makes_fresh_cases_not_duplicates(split_case, accountant):
    _read_children(split_case)
    resplit_batch(case=split_case, groups=[[1, 2], [3, 4]], user=accountant)
    read_case_document(case_id=_children(split_case)[1].pk)

    resplit_batch(case=split_case, groups=BATCH_GROUPS, user=accountant)

    now = _children(split_case)
    assert [c.document.origin["pages"] for c in now] == BATCH_GROUPS
    assert [c.status for c in now[1:]] == [S.RECEIVED, S.RECEIVED]


def test_an_approved_invoice_cannot_be_resplit(split_case, accountant, approver):
    _first, coolblue, _aws = _read_children(split_case)
    coolblue = approve_case(mark_reviewed(coolblue, user=accountant), user=approver)
    assert coolblue.status == S.READY_TO_POST

    with pytest.raises(ActionRefused, match=rf"#{coolblue.pk} .*approved or posted"):
        resplit_batch(case=split_case, groups=[[1, 2], [3, 4]], user=accountant)

    assert [c.document.origin["pages"] for c in _children(split_case)] == BATCH_GROUPS
    assert not Case.objects.filter(status=S.REJECTED).exclude(pk=split_case.pk).exists()
    # Keeping its pages together, the rest may still be split differently.
    resplit_batch(case=split_case, groups=[[1], [2], [3], [4]], user=accountant)
    coolblue.refresh_from_db()
    assert coolblue.status == S.READY_TO_POST


def test_resplitting_waits_until_the_invoices_have_been_read(split_case, accountant):
    with pytest.raises(ActionRefused, match="still being read"):
        resplit_batch(case=split_case, groups=[[1, 2], [3, 4]], user=accountant)


def test_a_case_that_was_not_split_cannot_be_resplit(administration, corpora, accountant):
    data = (corpora / INVOICES / "QualityHosting.pdf").read_bytes()
    case = read_case_document(
        case_id=receive_document(administration=administration, data=data, channel="upload").pk
    )

    with pytest.raises(ActionRefused, match="not split"):
        resplit_batch(case=case, groups=[[1], [2]], user=accountant)
