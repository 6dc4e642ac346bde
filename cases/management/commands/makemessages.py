"""Django's makemessages, taught the one marker of this project that xgettext does not know.

Texts kept on cases are translated when they are read (exactbridge.helpers.messages); their
msgids are marked with ``gettext_noop`` at the call site, and a plural pair with
``plural_message(singular, plural, ...)``, which this adds as an xgettext keyword.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=plural_message:1,2"]
