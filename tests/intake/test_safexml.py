"""Untrusted XML is parsed with no DTD, no entities and no network; refusals say why."""

import pytest

from exactbridge.helpers.safexml import MalformedXmlError, UnsafeXmlError, parse_xml
from intake.einvoice import NotAnEInvoice, read_einvoice

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol9;</Invoice>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&xxe;</cbc:ID>
</Invoice>"""

EXTERNAL_PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]><x/>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd"><x/>"""


def test_billion_laughs_is_refused_with_a_reason():
    with pytest.raises(UnsafeXmlError, match="DOCTYPE"):
        parse_xml(data=BILLION_LAUGHS)


def test_external_entity_is_refused_and_the_file_is_not_read():
    with pytest.raises(UnsafeXmlError) as refused:
        parse_xml(data=EXTERNAL_ENTITY)
    assert "root:" not in str(refused.value)


@pytest.mark.parametrize("data", [EXTERNAL_PARAMETER_ENTITY, EXTERNAL_DTD])
def test_external_dtd_and_parameter_entities_are_refused(data):
    with pytest.raises(UnsafeXmlError):
        parse_xml(data=data)


def test_a_bare_doctype_is_refused_outright():
    with pytest.raises(UnsafeXmlError, match="DOCTYPE"):
        parse_xml(data=b"<!DOCTYPE Invoice><Invoice/>")


def test_a_doctype_in_utf16_is_refused_too():
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'
    with pytest.raises(UnsafeXmlError):
        parse_xml(data=data.encode("utf-16"))


@pytest.mark.parametrize(
    "data",
    [b"<Invoice><cbc:ID>1</Invoice>", b"not xml at all", b"<a>", b"\xff\xfe\x00garbage", b""],
)
def test_malformed_xml_is_a_malformed_xml_error(data):
    with pytest.raises(MalformedXmlError) as failed:
        parse_xml(data=data)
    assert str(failed.value)


def test_the_einvoice_reader_refuses_unsafe_xml_through_the_same_errors():
    with pytest.raises(UnsafeXmlError):
        read_einvoice(data=EXTERNAL_ENTITY)


def test_plain_xml_parses():
    root = parse_xml(data=b'<?xml version="1.0" encoding="UTF-8"?><a><b>\xc3\xa9</b></a>')
    assert root.findtext("b") == "é"


def test_xml_that_is_no_einvoice_is_named_as_such(corpora):
    pain = sorted((corpora / "sepa" / "pain.001").rglob("*.xml"))[0]
    with pytest.raises(NotAnEInvoice, match="not an e-invoice"):
        read_einvoice(data=pain.read_bytes())
