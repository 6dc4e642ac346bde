from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from exactbridge.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_coworker")
    list_filter = ("is_staff", "is_superuser", "is_active", "is_coworker")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("ExactBridge"), {"fields": ("is_coworker", "language")}),
    )
