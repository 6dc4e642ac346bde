"""Controllers browse postings here: read-only, scoped, exportable, linked to their case."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exactbridge.audit.admin_support import CsvExport, ReadOnlyForControllers, audit_events_url
from exactbridge.posting.models import Posting


@admin.register(Posting)
class PostingAdmin(ReadOnlyForControllers, CsvExport, admin.ModelAdmin):
    list_display = (
        "reference",
        "administration",
        "kind",
        "state",
        "attempts",
        "entry_number",
        "confirmed_at",
        "links",
    )
    list_filter = (("administration", admin.RelatedOnlyFieldListFilter), "state", "kind")
    search_fields = ("reference", "entry_number", "entry_id", "case__invoice_number")
    date_hierarchy = "created_at"
    list_select_related = ("administration", "case")
    show_full_result_count = False
    actions = ["export_csv"]
    csv_columns = (
        "reference", "administration", "case_id", "kind", "state", "attempts", "entry_id",
        "entry_number", "document_url", "last_error", "created_at", "confirmed_at",
    )  # fmt: skip
    csv_filename = "postings"
    csv_select_related = ("administration",)
    readonly_fields = (
        "case_link", "administration", "kind", "reference", "state", "attempts",
        "next_attempt_at", "entry_id", "entry_number", "exact_link", "last_error", "action",
        "payload",
        "created_at", "updated_at", "confirmed_at",
    )  # fmt: skip
    fields = readonly_fields

    @admin.display(description=_("links"))
    def links(self, posting):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:cases_case_change", args=[posting.case_id]),
            _("case"),
            audit_events_url(posting),
            _("audit events"),
        )

    @admin.display(description=_("in Exact"))
    def exact_link(self, posting):
        if not posting.document_url:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            posting.document_url,
            _("the entry's document in Exact Online"),
        )

    @admin.display(description=_("case"))
    def case_link(self, posting):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:cases_case_change", args=[posting.case_id]),
            posting.case,
        )
