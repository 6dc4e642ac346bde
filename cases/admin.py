"""Controllers browse cases in the admin: read-only, scoped to their administrations, filterable,
exportable, and linked to the case's audit events, its story page and its posting."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cases.models import Approval, Case, Check, Note
from cases.story import CASE_ENTRY_FIELDS, exact_entry_of, posting_model
from exactbridge.audit.admin_support import (
    CsvExport,
    ReadOnlyForControllers,
    audit_events_url,
)


class _CaseRowsInline(ReadOnlyForControllers, admin.TabularInline):
    scope_via = "case__administration"
    extra = 0
    can_delete = False
    show_change_link = False


class CheckInline(_CaseRowsInline):
    model = Check
    fields = ("code", "severity", "reason", "created_at")
    readonly_fields = fields

    @admin.display(description=_("reason"))
    def reason(self, check: Check) -> str:
        return check.get_message_display()  # in the reader's language


class ApprovalInline(_CaseRowsInline):
    model = Approval
    fields = ("user", "amount", "created_at", "withdrawn_at")
    readonly_fields = fields


class NoteInline(_CaseRowsInline):
    model = Note
    fields = ("author", "text", "created_at")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyForControllers, CsvExport, admin.ModelAdmin):
    list_display = (
        "id",
        "administration",
        "kind",
        "status",
        "supplier_name",
        "invoice_number",
        "total",
        "created_at",
        "links",
    )
    list_display_links = ("id",)
    list_filter = (
        ("administration", admin.RelatedOnlyFieldListFilter),
        "status",
        "kind",
    )
    search_fields = ("supplier_name", "invoice_number", "document__filename")
    date_hierarchy = "created_at"
    list_select_related = ("administration",)
    list_per_page = 100
    show_full_result_count = False
    inlines = [CheckInline, ApprovalInline, NoteInline]
    actions = ["export_csv"]
    csv_columns = (
        "id",
        "administration",
        "kind",
        "status",
        "status_reason",
        "supplier_name",
        "invoice_number",
        "document_date",
        "currency",
        "total_amount",
        "document",
        "assignee",
        "exact_entry_number",
        "exact_entry_id",
        "created_at",
        "updated_at",
    )
    csv_filename = "cases"
    csv_select_related = ("administration", "document", "assignee")
    readonly_fields = (
        "administration",
        "kind",
        "status",
        "reason",
        "supplier_name",
        "invoice_number",
        "document_date",
        "total",
        "document_link",
        "duplicate_of",
        "assignee",
        "exact_entry",
        "created_at",
        "updated_at",
        "links",
    )
    fields = readonly_fields

    @admin.display(description=_("total"), ordering="total_amount")
    def total(self, case: Case) -> str:
        if case.total_amount is None:
            return "—"
        return f"{case.currency} {number_format(case.total_amount, 2, force_grouping=True)}"

    @admin.display(description=_("reason"))
    def reason(self, case: Case) -> str:
        return case.get_status_reason_display()  # in the reader's language

    @admin.display(description=_("source document"))
    def document_link(self, case: Case):
        if case.document_id is None:
            return "—"
        url = reverse("admin:intake_document_change", args=[case.document_id])
        return format_html('<a href="{}">{}</a>', url, case.document)

    @admin.display(description=_("entry in Exact"))
    def exact_entry(self, case: Case) -> str:
        entry = exact_entry_of(case, [])
        return " / ".join(value for value in entry.values() if value) or "—"

    @admin.display(description=_("see also"))
    def links(self, case: Case):
        links = [
            (audit_events_url(case), _("Audit events")),
            (reverse("cases:story", args=[case.administration.code, case.pk]), _("Story")),
        ]
        posting = posting_changelist_url(case)
        if posting:
            links.append((posting, _("Posting")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def csv_value(self, case: Case, column: str):
        if column in CASE_ENTRY_FIELDS:
            return getattr(case, column, "")  # fields of the posting work, maybe not yet there
        if column == "status_reason":
            return case.get_status_reason_display()
        return super().csv_value(case, column)


def posting_changelist_url(case: Case) -> str:
    """The case's postings in the admin, once exactbridge.posting registers a Posting admin."""
    model = posting_model()
    if model is None:
        return ""
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'case': case.pk})}"
