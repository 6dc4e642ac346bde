from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from exactbridge import health, views

admin.site.site_header = _("ExactBridge administration")
admin.site.site_title = _("ExactBridge")
admin.site.index_title = _("Audit and settings")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("exactbridge.accounts.urls")),
    # Choosing a language must work on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("cases/", include("cases.urls")),
    path("intake/", include("intake.urls")),
    path("online/", include("exactbridge.online.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", views.home, name="home"),
]
