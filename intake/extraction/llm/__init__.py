"""Header fields the rules could not read, asked of an OpenAI-compatible language model.

Optional and off by default: on only when LLM_EXTRACTION_URL and LLM_EXTRACTION_MODEL are set.
Asked only for purchase invoices and credit notes read from a page (text layer or OCR), once
their kind is known; never for e-invoices read from XML, and only for the header fields still
empty after the rules and the learned layouts; an answer never replaces a value read another
way.

Sent: the pages' text (never the file), at most LLM_EXTRACTION_MAX_CHARS of it in whole pages
(the first, the last, then the others in order while they fit), and the names of the fields
wanted. Every value that comes back goes through the rule reader's normalisers (amounts, dates,
IBAN, VAT and KvK numbers), and identifiers, amounts and the supplier's name must occur in the
text that was sent (answer.py). What passes is kept with confidence MODEL_CONFIDENCE and a
source naming the model, so a person confirms it, and the invoice checks judge it like any
other value; it never marks a case a duplicate on its own (intake.pipeline). No answer, an HTTP
error, a refusal or an answer that is no JSON object leaves the invoice as the rules read it,
with a note; a failure that may pass is tried once more first (client.py).

Lines are not asked for: an invoice read without lines is booked as one line for its net total
(cases.matching_adapter), while lines made up by a model would reach matching and coding with
nothing to check them against (pages give no line total).

    client.py  the HTTP call, its retry and its typed errors
    answer.py  normalising the answer and checking it against the text sent
    step.py    what is sent, and the pipeline step
"""

from intake.extraction.llm.answer import (
    MODEL_CONFIDENCE,
    SOURCE,
    WANTED,
    missing_fields,
    suggested_by_model,
    take_answer,
)
from intake.extraction.llm.client import (
    Endpoint,
    ModelUnavailable,
    PermanentModelError,
    TransientModelError,
    ask_model,
    configured_endpoint,
)
from intake.extraction.llm.step import (
    ASKED_KINDS,
    ask_model_for_missing_fields,
    build_request,
    complete_invoice,
    document_text,
)

__all__ = [
    "ASKED_KINDS",
    "MODEL_CONFIDENCE",
    "SOURCE",
    "WANTED",
    "Endpoint",
    "ModelUnavailable",
    "PermanentModelError",
    "TransientModelError",
    "ask_model",
    "ask_model_for_missing_fields",
    "build_request",
    "complete_invoice",
    "configured_endpoint",
    "document_text",
    "missing_fields",
    "suggested_by_model",
    "take_answer",
]
