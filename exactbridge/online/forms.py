from django import forms
from django.utils.translation import gettext_lazy as _

from exactbridge.online.hosts import host_choices


class ConnectForm(forms.Form):
    base_url = forms.ChoiceField(label=_("Exact Online country"), choices=())
    client_id = forms.CharField(label=_("Client ID"), max_length=100)
    client_secret = forms.CharField(
        label=_("Client secret"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to keep the secret stored before or configured for this server."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_url"].choices = host_choices()


class DivisionForm(forms.Form):
    division = forms.TypedChoiceField(label=_("Division"), coerce=int, choices=())

    def __init__(self, *args, divisions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [
            (row["Code"], f"{row['Code']} — {row.get('Description') or ''}") for row in divisions
        ]
