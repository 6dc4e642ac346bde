from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "exactbridge.accounts"
    label = "accounts"
    verbose_name = _("Users")

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        # The admin's own login form would sign people in without the second factor and the
        # rate limits; send them through the one sign-in page instead.
        admin.site.login = secure_admin_login(admin.site.login)
