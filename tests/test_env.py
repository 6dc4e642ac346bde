"""The environment readers: typed values, loud failures that name the variable, mounted secrets."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from exactbridge.env import env_bool, env_choice, env_int, env_list, env_path, env_str, is_set


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    for name in ("EB_TEST", "EB_TEST_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("spelling", ["1", "true", "True", "YES", "yes", "on", " true "])
def test_bool_accepts_every_spelling_of_true(monkeypatch, spelling):
    monkeypatch.setenv("EB_TEST", spelling)
    assert env_bool("EB_TEST", False) is True


@pytest.mark.parametrize("spelling", ["0", "false", "False", "NO", "no", "off"])
def test_bool_accepts_every_spelling_of_false(monkeypatch, spelling):
    monkeypatch.setenv("EB_TEST", spelling)
    assert env_bool("EB_TEST", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_bool_unset_or_empty_gives_the_default(monkeypatch, default):
    assert env_bool("EB_TEST", default) is default
    monkeypatch.setenv("EB_TEST", "")
    assert env_bool("EB_TEST", default) is default


def test_bad_bool_stops_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("EB_TEST", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"EB_TEST='maybe' is not a boolean"):
        env_bool("EB_TEST", False)


def test_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("EB_TEST", " 42 ")
    assert env_int("EB_TEST", 1) == 42
    monkeypatch.delenv("EB_TEST")
    assert env_int("EB_TEST", 7) == 7


def test_bad_int_stops_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("EB_TEST", "12s")
    with pytest.raises(ImproperlyConfigured, match=r"EB_TEST='12s' is not a whole number"):
        env_int("EB_TEST", 1)


def test_int_below_its_minimum_stops_start_up(monkeypatch):
    monkeypatch.setenv("EB_TEST", "9")
    with pytest.raises(ImproperlyConfigured, match=r"EB_TEST=9 is below the minimum of 10"):
        env_int("EB_TEST", 60, minimum=10)
    monkeypatch.setenv("EB_TEST", "10")
    assert env_int("EB_TEST", 60, minimum=10) == 10


def test_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("EB_TEST", " a.example , b.example,, ")
    assert env_list("EB_TEST", ["default"]) == ["a.example", "b.example"]


def test_list_unset_gives_a_copy_of_the_default():
    default = ["localhost"]
    value = env_list("EB_TEST", default)
    assert value == ["localhost"]
    value.append("evil.example")
    assert default == ["localhost"]


def test_choice_refuses_a_value_outside_the_choices(monkeypatch):
    monkeypatch.setenv("EB_TEST", "de")
    with pytest.raises(ImproperlyConfigured, match=r"EB_TEST='de' is not one of: en, nl"):
        env_choice("EB_TEST", "nl", {"nl", "en"})
    monkeypatch.setenv("EB_TEST", "en")
    assert env_choice("EB_TEST", "nl", {"nl", "en"}) == "en"


def test_name_file_is_read_and_stripped(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-from-a-mounted-file\n", encoding="utf-8")
    monkeypatch.setenv("EB_TEST_FILE", str(secret))
    assert env_str("EB_TEST") == "s3cret-from-a-mounted-file"
    assert is_set("EB_TEST")


def test_name_file_wins_over_the_plain_variable(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file", encoding="utf-8")
    monkeypatch.setenv("EB_TEST", "from-env")
    monkeypatch.setenv("EB_TEST_FILE", str(secret))
    assert env_str("EB_TEST") == "from-file"


def test_name_file_feeds_the_typed_readers(monkeypatch, tmp_path):
    secret = tmp_path / "flag"
    secret.write_text("yes\n", encoding="utf-8")
    monkeypatch.setenv("EB_TEST_FILE", str(secret))
    assert env_bool("EB_TEST", False) is True


def test_unreadable_name_file_stops_with_the_variable_named(monkeypatch, tmp_path):
    monkeypatch.setenv("EB_TEST_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match=r"EB_TEST_FILE=.*missing.* cannot be read"):
        env_str("EB_TEST")


def test_unset_variable_is_not_set_and_gives_the_default():
    assert not is_set("EB_TEST")
    assert env_str("EB_TEST") is None
    assert env_str("EB_TEST", "fallback") == "fallback"


def test_path_is_made_absolute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EB_TEST", "data")
    assert env_path("EB_TEST", Path("/unused")) == tmp_path.resolve() / "data"
