"""Controllers browse the audit log here: read-only, filtered, searchable, exportable."""

import json

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exactbridge.audit.admin_support import CsvExport, ReadOnlyForControllers
from exactbridge.audit.models import AuditEvent
from exactbridge.helpers.messages import readable_values

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


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyForControllers, CsvExport, admin.ModelAdmin):
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
    csv_columns = CSV_COLUMNS
    csv_filename = "audit-events"
    csv_select_related = ("administration", "object_type")
    readonly_fields = [
        *(column for column in CSV_COLUMNS[1:] if column not in ("before", "after")),
        "before_shown",
        "after_shown",
        "object_link",
    ]
    fields = readonly_fields
    list_per_page = 100
    show_full_result_count = False

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

    # Reasons are kept as a msgid and its values (exactbridge.helpers.messages); controllers
    # read them as sentences in their language. The stored JSON, which the hash covers, is
    # unchanged.
    @admin.display(description=_("before"))
    def before_shown(self, event):
        return _as_json(readable_values(event.before))

    @admin.display(description=_("after"))
    def after_shown(self, event):
        return _as_json(readable_values(event.after))

    def csv_value(self, event, column):
        if column == "object_type":
            return str(event.object_type) if event.object_type_id else ""
        if column in ("before", "after"):
            return _as_json(readable_values(getattr(event, column)))
        return super().csv_value(event, column)


def _as_json(values) -> str:
    return "" if values is None else json.dumps(values, ensure_ascii=False, default=str)
