"""Parsing what people send from the dashboard: filters and the inputs of actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.editing import EDITABLE_FIELDS
from cases.models import Case
from cases.selectors import DEFAULT_SORT, CaseFilters

SORT_CHOICES = [
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("-amount", _("Highest amount")),
    ("amount", _("Lowest amount")),
    ("-date", _("Latest invoice date")),
    ("date", _("Earliest invoice date")),
    ("supplier", _("Supplier A to Z")),
    ("-supplier", _("Supplier Z to A")),
]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    supplier = forms.CharField(label=_("Supplier"), required=False, max_length=200)
    amount_min = forms.DecimalField(label=_("Amount from"), required=False, decimal_places=2)
    amount_max = forms.DecimalField(label=_("Amount to"), required=False, decimal_places=2)
    date_from = forms.DateField(
        label=_("Invoice date from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Invoice date to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Case.Status.choices]
    )
    assignee = forms.CharField(label=_("Assignee"), required=False, max_length=20)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def filters(self) -> CaseFilters:
        """The filters that parsed; a field with a bad value is left out (and shows its error)."""
        data = self._valid_data()
        return CaseFilters(
            search=data.get("q") or "",
            supplier=data.get("supplier") or "",
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            status=data.get("status") or "",
            assignee=data.get("assignee") or "",
        )

    def sort_key(self) -> str:
        return self._valid_data().get("sort") or DEFAULT_SORT

    def _valid_data(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea)


class AssignForm(forms.Form):
    # An empty value takes the case off anyone's list.
    assignee = forms.IntegerField(label=_("Assign to"), required=False, min_value=1)


def typed_fields(data) -> dict[str, str]:
    """The case fields a person sent, by name: the page sends them all, htmx may send a few."""
    return {name: data[name] for name in EDITABLE_FIELDS if name in data}
