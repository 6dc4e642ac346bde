from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlobeConfig(AppConfig):
    name = "exactbridge.globe"
    label = "globe"
    verbose_name = _("Exact Globe")
