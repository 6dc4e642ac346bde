"""The fixed cast every test can use: one administration and its people, plus an outsider."""

from decimal import Decimal
from pathlib import Path

import pytest

from tests import factories

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Originals and generated files go to a fresh folder per test, never to the real DATA_DIR."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The product speaks Dutch by default; tests state behaviour in English unless they are
    # about the language (tests/i18n switches it explicitly).
    settings.LANGUAGE_CODE = "en"
    # The test client speaks plain HTTP and nothing runs collectstatic before the tests.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.DATA_DIR / "originals"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def corpora() -> Path:
    return CORPORA


@pytest.fixture
def administration(db):
    return factories.make_administration(code="acme", name="Acme B.V.")


@pytest.fixture
def other_administration(db):
    return factories.make_administration(code="globex", name="Globex N.V.")


@pytest.fixture
def accountant(administration):
    return factories.make_member(administration, "accountant", approval_limit=Decimal("5000"))


@pytest.fixture
def approver(administration):
    return factories.make_member(
        administration, "accountant", username="approver", approval_limit=Decimal("100000")
    )


@pytest.fixture
def viewer(administration):
    return factories.make_member(administration, "viewer")


@pytest.fixture
def controller(administration):
    return factories.make_member(administration, "controller", is_staff=True)


@pytest.fixture
def outsider(other_administration):
    """A member of another administration, and of nothing here."""
    return factories.make_member(other_administration, "admin", username="outsider")
