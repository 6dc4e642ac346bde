from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineConfig(AppConfig):
    name = "exactbridge.online"
    label = "online"
    verbose_name = _("Exact Online")
