"""Read-only admin pages: the connection (never its secrets) and the log of calls to Exact.
Superusers see all; a member with the administrator role sees their administrations'."""

from django.contrib import admin

from exactbridge.administrations.access import administrations_for_user
from exactbridge.administrations.models import Membership
from exactbridge.online.models import ExactApiCall, ExactOnlineConnection


class ReadOnlyForAdministrators:
    def _administered(self, request):
        return administrations_for_user(request.user, roles=[Membership.Role.ADMIN])

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and self._administered(request).exists()
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(administration__in=self._administered(request))


@admin.register(ExactOnlineConnection)
class ExactOnlineConnectionAdmin(ReadOnlyForAdministrators, admin.ModelAdmin):
    list_display = (
        "administration",
        "base_url",
        "division",
        "status",
        "connected_by",
        "updated_at",
    )
    list_filter = ("status", "base_url")
    list_select_related = ("administration", "connected_by")
    # Tokens and the client secret are deliberately not among the fields.
    fields = (
        "administration",
        "base_url",
        "client_id",
        "redirect_uri",
        "division",
        "status",
        "status_reason",
        "access_token_expires_at",
        "connected_by",
        "connected_at",
        "updated_at",
    )
    readonly_fields = fields


@admin.register(ExactApiCall)
class ExactApiCallAdmin(ReadOnlyForAdministrators, admin.ModelAdmin):
    list_display = (
        "created_at",
        "administration",
        "method",
        "path",
        "status",
        "duration_ms",
        "minutely_remaining",
        "daily_remaining",
        "error",
    )
    list_filter = (("administration", admin.RelatedOnlyFieldListFilter), "method", "status")
    search_fields = ("path", "error")
    date_hierarchy = "created_at"
    list_select_related = ("administration",)
    show_full_result_count = False
    list_per_page = 100
    fields = (
        "created_at",
        "administration",
        "method",
        "path",
        "status",
        "duration_ms",
        "minutely_limit",
        "minutely_remaining",
        "minutely_reset_ms",
        "daily_limit",
        "daily_remaining",
        "daily_reset_ms",
        "error",
    )
    readonly_fields = fields
