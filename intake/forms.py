"""Forms of intake: the upload page and the channel settings in the admin. Parsing only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.channel_models import ApiToken, Mailbox, WatchedFolder
from intake.channels.folder import FolderError, resolve_folder


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            return [single(None, initial)]  # "required" speaks here
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The size limit is checked per file after the upload, so one large file refuses only
        # itself; the field must not reject the whole upload for an empty file either.
        self.fields["files"].allow_empty_file = True


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted. Leave empty to keep the current password."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "administration",
            "host",
            "port",
            "use_ssl",
            "username",
            "password",
            "folder",
            "processed_folder",
            "failed_folder",
            "enabled",
        ]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if not password:
            if self.instance.pk is None:
                raise forms.ValidationError(_("A new mailbox needs its password."))
            return self.instance.password
        return password

    def clean(self):
        cleaned = super().clean()
        folders = [cleaned.get(name) for name in ("folder", "processed_folder", "failed_folder")]
        if None not in folders and len(set(folders)) < 3:
            raise forms.ValidationError(
                _("The folder read and the folders for processed and failed messages must differ.")
            )
        return cleaned


class WatchedFolderForm(forms.ModelForm):
    class Meta:
        model = WatchedFolder
        fields = ["administration", "path", "enabled"]

    def clean_path(self):
        path = self.cleaned_data["path"].strip()
        try:
            resolve_folder(path)
        except FolderError as exc:
            raise forms.ValidationError(str(exc)) from None
        return path


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["administration", "name"]
