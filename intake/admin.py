"""The intake channels in the admin: mailboxes, watched folders and API tokens.

Superusers see all; a staff member with the administrator role sees and manages those of the
administrations they administer. Passwords are never shown; an API token is shown once, on the
page that answers its creation, and is stored nowhere but as a hash.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exactbridge.administrations.access import administrations_for_user
from exactbridge.administrations.models import Membership
from exactbridge.audit.services import record_event, snapshot
from intake.channel_models import ApiToken, Mailbox, WatchedFolder
from intake.channels.api import create_api_token, revoke_api_token
from intake.forms import ApiTokenForm, MailboxForm, WatchedFolderForm


class ForAdministrators:
    """Rows of the administrations the user administers; superusers see all."""

    def _administered(self, request):
        return administrations_for_user(request.user, roles=[Membership.Role.ADMIN])

    def _may_manage(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not request.user.is_staff:
            return False
        administered = self._administered(request)
        if obj is None:
            return administered.exists()
        return administered.filter(pk=obj.administration_id).exists()

    def has_module_permission(self, request):
        return self._may_manage(request)

    def has_view_permission(self, request, obj=None):
        return self._may_manage(request, obj)

    def has_add_permission(self, request):
        return self._may_manage(request)

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("administration")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(administration__in=self._administered(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "administration" and not request.user.is_superuser:
            kwargs["queryset"] = self._administered(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AuditedChanges:
    """Creating and changing a row is an audit event (secrets left out by ``snapshot``)."""

    audit_name = ""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        obj.save()
        record_event(
            action=f"{self.audit_name}.{'changed' if change else 'created'}",
            request=request,
            administration=obj.administration_id,
            target=obj,
            before=before,
            after=snapshot(obj),
        )

    def delete_model(self, request, obj):
        record_event(
            action=f"{self.audit_name}.deleted",
            request=request,
            administration=obj.administration_id,
            target=obj,
            before=snapshot(obj),
        )
        obj.delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Mailbox)
class MailboxAdmin(ForAdministrators, AuditedChanges, admin.ModelAdmin):
    form = MailboxForm
    audit_name = "mailbox"
    list_display = ("__str__", "administration", "enabled", "last_polled_at", "last_error")
    list_filter = ("enabled", ("administration", admin.RelatedOnlyFieldListFilter))
    search_fields = ("host", "username", "administration__code")
    readonly_fields = ("last_polled_at", "last_error")


@admin.register(WatchedFolder)
class WatchedFolderAdmin(ForAdministrators, AuditedChanges, admin.ModelAdmin):
    form = WatchedFolderForm
    audit_name = "watched_folder"
    list_display = ("path", "administration", "enabled", "last_polled_at", "last_error")
    list_filter = ("enabled", ("administration", admin.RelatedOnlyFieldListFilter))
    search_fields = ("path", "administration__code")
    readonly_fields = ("last_polled_at", "last_error")


@admin.register(ApiToken)
class ApiTokenAdmin(ForAdministrators, admin.ModelAdmin):
    form = ApiTokenForm
    list_display = (
        "name",
        "administration",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("administration", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "prefix", "administration__code")
    actions = ["revoke"]
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["administration", "name"]
        return ["administration", "name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # A token is never edited: it is created, used and revoked.
        return [] if obj is None else ["administration", "name", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, so the audit trail can name them

    def save_model(self, request, obj, form, change):
        if change:
            return
        created, token = create_api_token(
            administration=form.cleaned_data["administration"],
            name=form.cleaned_data["name"],
            created_by=request.user,
            request=request,
        )
        obj.pk = created.pk
        obj._state.adding = False
        request._new_api_token = token

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "_new_api_token", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        response = TemplateResponse(
            request,
            "intake/admin/api_token_created.html",
            {**self.admin_site.each_context(request), "api_token": obj, "token": token},
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = sum(
            revoke_api_token(api_token=token, actor=request.user, request=request)
            for token in queryset
        )
        self.message_user(
            request,
            ngettext("%d token revoked.", "%d tokens revoked.", revoked) % revoked,
            messages.SUCCESS,
        )


# --- Documents, for controllers: read-only and scoped like the audit log ----------------------

from urllib.parse import urlencode  # noqa: E402

from django.urls import reverse  # noqa: E402
from django.utils.html import format_html, format_html_join  # noqa: E402

from exactbridge.audit.admin_support import (  # noqa: E402
    CsvExport,
    ReadOnlyForControllers,
    audit_events_url,
)
from intake.models import Document  # noqa: E402


@admin.register(Document)
class DocumentAdmin(ReadOnlyForControllers, CsvExport, admin.ModelAdmin):
    list_display = (
        "id",
        "filename",
        "administration",
        "channel",
        "media_type",
        "received_at",
        "parent_link",
        "links",
    )
    list_display_links = ("id", "filename")
    list_filter = (
        ("administration", admin.RelatedOnlyFieldListFilter),
        "channel",
        "media_type",
    )
    search_fields = ("filename", "sha256", "parent__filename")
    date_hierarchy = "received_at"
    list_select_related = ("administration", "parent")
    list_per_page = 100
    show_full_result_count = False
    actions = ["export_csv"]
    csv_columns = (
        "id",
        "administration",
        "filename",
        "channel",
        "media_type",
        "size",
        "sha256",
        "origin",
        "parent_id",
        "received_at",
        "received_by",
    )
    csv_filename = "documents"
    csv_select_related = ("administration", "received_by")
    readonly_fields = (
        "administration",
        "filename",
        "channel",
        "media_type",
        "size",
        "sha256",
        "origin",
        "parent_link",
        "received_at",
        "received_by",
        "cases_of",
        "links",
    )
    fields = readonly_fields

    @admin.display(description=_("arrived inside"))
    def parent_link(self, document):
        if document.parent_id is None:
            return "—"
        url = reverse("admin:intake_document_change", args=[document.parent_id])
        return format_html('<a href="{}">{}</a>', url, document.parent)

    @admin.display(description=_("cases"))
    def cases_of(self, document):
        links = [
            (reverse("admin:cases_case_change", args=[case.pk]), case)
            for case in document.cases.order_by("pk")
        ]
        return format_html_join(", ", '<a href="{}">{}</a>', links) if links else "—"

    @admin.display(description=_("see also"))
    def links(self, document):
        cases = reverse("admin:cases_case_changelist") + "?" + urlencode({"document": document.pk})
        children = (
            reverse("admin:intake_document_changelist") + "?" + urlencode({"parent": document.pk})
        )
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [
                (cases, _("Cases")),
                (audit_events_url(document), _("Audit events")),
                (children, _("Files inside it")),
            ],
        )
