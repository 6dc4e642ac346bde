from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingConfig(AppConfig):
    name = "exactbridge.posting"
    label = "posting"
    verbose_name = _("Posting")
