"""The ways documents come in besides the command line: e-mail (saved .eml files and IMAP
mailboxes), watched folders, the HTTP API and the upload page.

Every channel hands each file to ``intake.services.receive_document``, which stores the original
and opens its case. The one exception is an e-mail's own message when it carries attachments: it
is kept as context for them (``context.keep_context_document``) and opens no case itself.
"""
