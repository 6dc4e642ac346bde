"""Classifying a sender's next document the way a person corrected the last one.

When someone corrects a case's kind, `learn_kind` counts that kind for the sender under every
key the sender is known by (`sender_keys`: VAT number, IBAN, normalised supplier name, the
e-mail address the document came from), with a few distinctive words of the document. When the
same sender's next document is read, `learned_kind` answers with the learned kind, and the
reading pipeline takes it over its keyword rules (never over an e-invoice's own type).

- The most specific key with anything learned decides (a VAT number before an e-mail address).
- A sender with corrections to several kinds: the kind whose words the new text shares most
  wins, then the one corrected most often, then the latest.
- Correcting the same case again takes its earlier correction back (`forget`), so a slip of
  the hand is not learned.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from cases.models import Case
from exactbridge.helpers.messages import Message, join, message, plural_message
from intake import sniff
from intake.kind_models import KindHint
from intake.learning import supplier_keys
from intake.models import Document
from intake.storage import read_original

# What a person can correct a case to (and so what can be learned): any kind but "not known".
LEARNABLE_KINDS = frozenset(Case.Kind.values) - {Case.Kind.UNKNOWN}
DOCUMENT_WORDS = 8  # distinctive words kept per corrected document
HINT_WORDS = 24  # words kept per learned kind, the most frequent first
_WORD = re.compile(r"[^\W\d_]{4,}")
# Words every letter and e-mail has, in Dutch, English and German: they tell nothing apart.
STOPWORDS = frozenset(
    """
    aan als bij dat de deze die dit door een en het hier hij hoe ik in is je jij kan kunnen met
    mijn naar niet nog nu of om onder ons onze ook op over per te tot u uit uw van voor wat we
    wij wordt worden zijn zal zou zo graag vriendelijke groet groeten beste geachte heer mevrouw
    hierbij bijlage datum onderwerp bedankt dank alvast namens team
    about after also have been from with this that their there they will your yours which would
    could should dear hello regards kind best thanks thank please attached attachment date
    subject sent mail email message
    sehr geehrte damen herren mit freundlichen grüßen grüssen und der die das eine einer
    """.split()
)


@dataclass(frozen=True)
class LearnedKind:
    kind: str
    count: int  # corrections behind it
    sender_key: str  # the key it was found under

    @property
    def sender(self) -> str:
        """The key as a person reads it: the address, VAT number, IBAN or name."""
        return self.sender_key.split(":", 1)[-1]

    def reason(self, *, kind_label, rules_label) -> Message:
        """Why the document has this kind, in words for the case (the labels are the kinds'
        lazy labels, translated when the reason is read)."""
        text = plural_message(
            "Kind %(kind)s learned from %(count)d correction for this sender (%(sender)s).",
            "Kind %(kind)s learned from %(count)d corrections for this sender (%(sender)s).",
            count=self.count,
            kind=kind_label,
            sender=self.sender,
        )
        if rules_label == kind_label:
            return text
        rules = message(
            gettext_noop("The words on the document alone said %(rules)s."), rules=rules_label
        )
        return join([text, rules])


# Pure helpers


def sender_address(document: Document | None) -> str:
    """The e-mail address a document (or the message it came in) was sent from; empty if none."""
    seen = 0
    while document is not None and seen < 5:
        address = parseaddr(str((document.origin or {}).get("from", "")))[1].strip().lower()
        if "@" in address:
            return address
        document, seen = document.parent, seen + 1
    return ""


def sender_keys(
    *,
    document: Document | None,
    vat_number: str | None = None,
    iban: str | None = None,
    name: str | None = None,
) -> list[str]:
    """The keys a sender's kinds are filed under, most specific first: the supplier's VAT
    number, IBAN and normalised name (see ``intake.learning.supplier_keys``), then the address
    the document was e-mailed from."""
    keys = supplier_keys(vat_number=vat_number, iban=iban, name=name)
    address = sender_address(document)
    if address:
        keys.append("from:" + address)
    return [key[:120] for key in keys]


def sender_keys_of_case(case) -> list[str]:
    """``sender_keys`` from what was read (and corrected) on a case."""
    extracted = case.extracted or {}

    def value(name: str) -> str | None:
        found = extracted.get(name)
        return str(found["value"]) if isinstance(found, dict) and found.get("value") else None

    return sender_keys(
        document=case.document,
        vat_number=value("vat_number"),
        iban=value("iban"),
        name=case.supplier_name or value("supplier_name"),
    )


def words_of(text: str) -> set[str]:
    """Every word of four letters or more in ``text`` that is not a stop word."""
    return {word for word in _WORD.findall(text.casefold()) if word not in STOPWORDS}


def distinctive_words(text: str, *, limit: int = DOCUMENT_WORDS) -> list[str]:
    """The words ``text`` uses most (ties: the longer, then the first), stop words left out."""
    found = [word for word in _WORD.findall(text.casefold()) if word not in STOPWORDS]
    counts = Counter(found)
    first = {word: index for index, word in reversed(list(enumerate(found)))}
    ranked = sorted(counts, key=lambda word: (-counts[word], -len(word), first[word]))
    return ranked[:limit]


def document_text(document: Document | None) -> str:
    """The text of a document as the reading pipeline saw it: an e-mail's text or a PDF's text
    layer. Empty for anything else, and for a file that cannot be read."""
    if document is None:
        return ""
    try:
        data = read_original(document.sha256)
        if document.media_type == sniff.EMAIL:
            from intake.channels.mime import message_text

            return message_text(data)
        if document.media_type == sniff.PDF:
            from pypdf import PdfReader

            pdf = PdfReader(io.BytesIO(data))
            if pdf.is_encrypted and not pdf.decrypt(""):
                return ""
            return "\n".join((page.extract_text() or "") for page in pdf.pages)
    except Exception:  # the words are a help to learning, never a reason for it to fail
        return ""
    return ""


# The database part


def learn_kind(
    *,
    administration,
    keys: Iterable[str],
    kind: str,
    words: Iterable[str] = (),
    forget: str | None = None,
) -> list[KindHint]:
    """Count one correction to ``kind`` for the sender known by ``keys``, with the document's
    distinctive ``words``; ``forget`` takes back an earlier correction of the same document
    (its kind). Returns the hints counted."""
    keys = [key for key in keys if key]
    words = list(words)
    learned = []
    with transaction.atomic():
        for key in keys:
            if forget and forget != kind:
                _forget(administration, key, forget)
            hint, _created = KindHint.objects.get_or_create(
                administration=administration, sender_key=key, kind=kind
            )
            hint = KindHint.objects.select_for_update().get(pk=hint.pk)
            merged = Counter(hint.words or {})
            merged.update(set(words))
            hint.words = dict(merged.most_common(HINT_WORDS))
            hint.count += 1
            hint.save(update_fields=["words", "count", "updated_at"])
            learned.append(hint)
    return learned


def learned_kind(*, administration, keys: Iterable[str], text: str = "") -> LearnedKind | None:
    """The kind people taught for this sender, or None when nothing was learned for it."""
    keys = [key for key in keys if key]
    if not keys:
        return None
    hints = list(
        KindHint.objects.filter(
            administration=administration,
            sender_key__in=keys,
            kind__in=LEARNABLE_KINDS,
            count__gt=0,
        )
    )
    if not hints:
        return None
    rank = {key: index for index, key in enumerate(keys)}
    best_key = min((hint.sender_key for hint in hints), key=rank.__getitem__)
    candidates = [hint for hint in hints if hint.sender_key == best_key]
    present = words_of(text)

    def strength(hint: KindHint) -> tuple[Any, ...]:
        shared = len(present.intersection(hint.words or {}))
        return (shared, hint.count, hint.updated_at, hint.pk)

    best = max(candidates, key=strength)
    return LearnedKind(kind=best.kind, count=best.count, sender_key=best.sender_key)


def _forget(administration, key: str, kind: str) -> None:
    hint = (
        KindHint.objects.select_for_update()
        .filter(administration=administration, sender_key=key, kind=kind)
        .first()
    )
    if hint is None:
        return
    if hint.count <= 1:
        hint.delete()
    else:
        hint.count -= 1
        hint.save(update_fields=["count", "updated_at"])
