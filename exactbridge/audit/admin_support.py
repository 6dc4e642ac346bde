"""What every controllers' admin page shares: read-only rows scoped to the auditing roles, and
the CSV export of the selection.

A ModelAdmin (or inline) mixes in ``ReadOnlyForControllers`` and names the path from its model to
the Administration in ``scope_via``; one that exports adds ``CsvExport`` and lists its columns.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exactbridge.administrations.access import AUDIT_ROLES, administrations_for_user

# A spreadsheet runs a cell that starts with one of these as a formula; supplier names and file
# names come from outside, so such text is exported with a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def audit_events_url(obj: Model) -> str:
    """The audit log in the admin, filtered to the events of ``obj``."""
    query = urlencode(
        {"object_type": ContentType.objects.get_for_model(obj).pk, "object_id": str(obj.pk)}
    )
    return f"{reverse('admin:audit_auditevent_changelist')}?{query}"


class ReadOnlyForControllers:
    """Visible to superusers and to staff members with an auditing role, read-only, and scoped
    to the administrations where the user has that role."""

    # The lookup path from the model to its Administration.
    scope_via = "administration"

    def _auditable(self, request):
        return administrations_for_user(request.user, roles=AUDIT_ROLES)

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and self._auditable(request).exists()
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.scope_via}__in": self._auditable(request)})


class _Echo:
    def write(self, value):
        return value


class CsvExport:
    """The admin action ``export_csv``: the selected rows, one CSV line each, streamed."""

    csv_columns: Sequence[str] = ()
    csv_filename = "export"
    csv_select_related: Sequence[str] = ()

    def csv_value(self, obj: Model, column: str) -> Any:
        """The cell for ``column``; override for columns that need more than the attribute."""
        value = getattr(obj, column)
        if isinstance(value, Model):
            # An administration is known by its code; other rows by their text.
            return getattr(value, "code", None) or str(value)
        return "" if value is None else value

    @admin.action(description=_("Export selected %(verbose_name_plural)s as CSV"))
    def export_csv(self, request, queryset):
        writer = csv.writer(_Echo())
        columns = list(self.csv_columns)
        rows = queryset.select_related(*self.csv_select_related)

        def lines():
            yield writer.writerow(columns)
            for obj in rows.iterator(chunk_size=500):
                yield writer.writerow([_cell(self.csv_value(obj, column)) for column in columns])

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename}-{stamp}.csv"'
        return response


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
