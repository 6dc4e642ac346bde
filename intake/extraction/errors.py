"""What can go wrong reading a PDF or image; ``error.message`` is a plain-language reason for the
case."""

from exactbridge.helpers.messages import MessageError


class ExtractionError(MessageError):
    """The document could not be read."""


class UnreadableDocument(ExtractionError):
    """The file is damaged, protected, or not of the kind it claims."""


class ImageTooLarge(ExtractionError):
    """The image has more pixels than a scan of an invoice can have (a decompression bomb)."""


EXTRACTION_ERRORS = (ExtractionError,)
