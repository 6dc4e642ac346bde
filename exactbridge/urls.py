from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from exactbridge import health, views

admin.site.site_header = _("ExactBridge administration")
admin.site.site_title = _("ExactBridge")
admin.site.index_title = _("Audit and settings")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", views.home, name="home"),
]
