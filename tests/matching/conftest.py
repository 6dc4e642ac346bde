import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Reasons are asserted in English; the code of each reason is language-free."""
    with translation.override("en"):
        yield
