"""The file type is judged from the bytes."""

import pytest

from intake import sniff


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("pdf/invoice2data/QualityHosting.pdf", sniff.PDF),
        ("pdf/invoice2data/oyo.png", sniff.PNG),
        ("ubl/peppol-bis3/examples/base-example.xml", sniff.XML),
        ("email/flanker/attached-pdf.eml", sniff.EMAIL),
        ("email/mikel-mail/attachment_pdf.eml", sniff.EMAIL),
    ],
)
def test_corpus_files_are_recognised(corpora, relative, expected):
    assert sniff.sniff((corpora / relative).read_bytes()) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", sniff.EMPTY),
        (b"  \n\t", sniff.EMPTY),
        (b"\xef\xbb\xbf<?xml version='1.0'?><a/>", sniff.XML),
        (b"\xff\xd8\xff\xe0JFIF", sniff.JPEG),
        (b"PK\x03\x04zip", sniff.ZIP),
        (b"just some words", sniff.TEXT),
        (b"\x00\x01\x02\x03", sniff.UNKNOWN),
    ],
)
def test_bytes_decide(data, expected):
    assert sniff.sniff(data) == expected
