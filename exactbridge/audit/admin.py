"""Controllers browse the audit log here: read-only, filtered, searchable, exportable."""

import csv

from django.contrib import admin
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exactbridge.administrations.access import AUDIT_ROLES, administrations_for_user
from exactbridge.audit.models import AuditEvent

CSV_COLUMNS = [
    "id",
    "created_at",
    "administration",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "ip_address",
    "user_agent",
    "chain",
    "sequence",
    "prev_hash",
    "hash",
]


class _Echo:
    def write(self, value):
        return value


class AuditRowsForControllers:
    """Admin mixin: visible to superusers and to members with an auditing role, read-only,
    and scoped to the administrations where the user has that role."""

    def _auditable(self, request):
        return administrations_for_user(request.user, roles=AUDIT_ROLES)

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and self._auditable(request).exists()
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AuditRowsForControllers, admin.ModelAdmin):
    list_display = ("created_at", "administration", "actor_label", "action", "object_link")
    list_filter = (
        ("administration", admin.RelatedOnlyFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
        "action",
        "created_at",
    )
    search_fields = ("action", "actor_label", "object_repr", "object_id", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("administration", "object_type")
    actions = ["export_csv"]
    readonly_fields = [*CSV_COLUMNS[1:], "object_link"]
    fields = readonly_fields
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(administration__in=self._auditable(request))

    @admin.display(description=_("object"))
    def object_link(self, event):
        if not event.object_type_id:
            return event.object_repr or "—"
        try:
            url = reverse(
                f"admin:{event.object_type.app_label}_{event.object_type.model}_change",
                args=[event.object_id],
            )
        except NoReverseMatch:
            return event.object_repr
        return format_html('<a href="{}">{}</a>', url, event.object_repr)

    @admin.action(description=_("Export selected audit events as CSV"))
    def export_csv(self, request, queryset):
        writer = csv.writer(_Echo())

        def rows():
            yield writer.writerow(CSV_COLUMNS)
            for event in queryset.select_related("administration", "object_type").iterator():
                yield writer.writerow([_csv_value(event, column) for column in CSV_COLUMNS])

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
        return response


def _csv_value(event, column):
    if column == "administration":
        return event.administration.code if event.administration_id else ""
    if column == "object_type":
        return str(event.object_type) if event.object_type_id else ""
    value = getattr(event, column)
    return "" if value is None else value
