"""The Dutch catalogue is complete, its placeholders match, and the compiled .mo in the
repository is what the .po compiles to (the container does not compile; it uses that .mo).

After changing strings: ``manage.py makemessages -l nl --ignore=.venv --ignore=staticfiles
--ignore=var --ignore=tests --ignore=docs --add-location=file``, translate, then
``manage.py compilemessages -l nl --ignore=.venv``.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"


@pytest.fixture
def msgfmt() -> str:
    path = shutil.which("msgfmt")
    assert path, "msgfmt (GNU gettext) is missing: bin/setup installs it"
    return path


def _messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_the_compiled_catalog_is_up_to_date(msgfmt, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        [msgfmt, "--check", "-o", fresh, CATALOG / "django.po"],
        check=True,
        capture_output=True,
    )

    assert _messages(CATALOG / "django.mo") == _messages(fresh), (
        "locale/nl/LC_MESSAGES/django.mo is stale: run manage.py compilemessages -l nl"
    )


def test_every_message_has_a_dutch_translation(msgfmt):
    report = subprocess.run(
        [msgfmt, "--statistics", "-o", "/dev/null", CATALOG / "django.po"],
        check=True,
        capture_output=True,
        text=True,
    ).stderr

    assert "untranslated" not in report, report
    assert "fuzzy" not in report, report
