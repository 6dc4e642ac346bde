"""Settings read from the environment, each case imported fresh in its own Python process."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
REAL_SECRET_KEY = "k" * 20 + "-production-secret-key-from-the-vault-0123456789"


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """A process environment with nothing of ours in it except DATA_DIR and ``variables``."""
    data_dir = tmp_path / "data"
    return {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "exactbridge.settings",
        "DATA_DIR": str(data_dir),
        **variables,
    }


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_from_env(tmp_path: Path, *names: str, **variables: str) -> dict:
    """The named settings as a fresh process sees them with only ``variables`` set."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    result = run_python(code, clean_env(tmp_path, **variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def startup_error(tmp_path: Path, **variables: str) -> str:
    """The error that stops the settings from loading with ``variables`` set."""
    result = run_python("import exactbridge.settings", clean_env(tmp_path, **variables))
    assert result.returncode != 0, "the settings loaded, but should have refused"
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path):
    db = settings_from_env(tmp_path, "DATABASES")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "data" / "exactbridge.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_sqlite_url_names_the_database_file(tmp_path):
    url = f"sqlite:///{tmp_path}/elsewhere.sqlite3"
    db = settings_from_env(tmp_path, "DATABASES", DATABASE_URL=url)["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == f"{tmp_path}/elsewhere.sqlite3"


def test_postgres_url_gives_engine_name_host_port_and_credentials(tmp_path):
    db = settings_from_env(
        tmp_path, "DATABASES", DATABASE_URL="postgres://user:pw@db.internal:5432/exactbridge"
    )["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"]) == ("exactbridge", "db.internal", 5432)
    assert (db["USER"], db["PASSWORD"]) == ("user", "pw")
    assert db["CONN_MAX_AGE"] == 60


def test_database_url_file_is_read(tmp_path):
    secret = tmp_path / "database_url"
    secret.write_text("postgresql://app:from-file@pg:6543/eb\n", encoding="utf-8")
    db = settings_from_env(tmp_path, "DATABASES", DATABASE_URL_FILE=str(secret))["DATABASES"]
    assert (db["default"]["PASSWORD"], db["default"]["PORT"]) == ("from-file", 6543)


def test_unsupported_database_stops_start_up(tmp_path):
    error = startup_error(tmp_path, DATABASE_URL="mysql://user:pw@host:3306/name")
    assert "DATABASE_URL must point at SQLite or PostgreSQL" in error


def test_unknown_database_scheme_stops_start_up(tmp_path):
    error = startup_error(tmp_path, DATABASE_URL="nosuchdb://host/name")
    assert "DATABASE_URL cannot be parsed" in error


def test_bad_debug_value_stops_start_up_naming_debug(tmp_path):
    error = startup_error(tmp_path, DEBUG="maybe")
    assert "DEBUG='maybe' is not a boolean" in error


def test_redis_url_makes_redis_the_broker_and_the_cache(tmp_path):
    values = settings_from_env(
        tmp_path, "Q_CLUSTER", "CACHES", REDIS_URL="redis://cache.internal:6379/0"
    )
    assert values["Q_CLUSTER"]["redis"] == "redis://cache.internal:6379/0"
    assert "orm" not in values["Q_CLUSTER"]
    assert values["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/0",
    }


def test_without_redis_the_database_is_broker_and_cache(tmp_path):
    values = settings_from_env(tmp_path, "Q_CLUSTER", "CACHES")
    assert values["Q_CLUSTER"]["orm"] == "default"
    assert "redis" not in values["Q_CLUSTER"]
    assert values["Q_CLUSTER"]["timeout"] < values["Q_CLUSTER"]["retry"]
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_oidc_client_id_and_server_url_configure_the_sso_provider(tmp_path):
    providers = settings_from_env(
        tmp_path,
        "SOCIALACCOUNT_PROVIDERS",
        OIDC_CLIENT_ID="client-123",
        OIDC_CLIENT_SECRET="shh",
        OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
        OIDC_NAME="Microsoft",
    )["SOCIALACCOUNT_PROVIDERS"]
    [app] = providers["openid_connect"]["APPS"]
    assert (app["provider_id"], app["name"]) == ("sso", "Microsoft")
    assert (app["client_id"], app["secret"]) == ("client-123", "shh")
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"


def test_without_oidc_there_is_no_sso_provider(tmp_path):
    assert settings_from_env(tmp_path, "SOCIALACCOUNT_PROVIDERS")["SOCIALACCOUNT_PROVIDERS"] == {}


def test_oidc_client_id_without_server_url_stops_start_up(tmp_path):
    error = startup_error(tmp_path, OIDC_CLIENT_ID="client-123")
    assert "OIDC_SERVER_URL is needed" in error


def test_secret_key_file_is_read(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(REAL_SECRET_KEY + "\n", encoding="utf-8")
    values = settings_from_env(tmp_path, "SECRET_KEY", SECRET_KEY_FILE=str(secret))
    assert values["SECRET_KEY"] == REAL_SECRET_KEY


def test_without_secret_key_one_is_generated_once_into_the_data_dir(tmp_path):
    first = settings_from_env(tmp_path, "SECRET_KEY", "ENCRYPTION_KEYS")
    again = settings_from_env(tmp_path, "SECRET_KEY", "ENCRYPTION_KEYS")
    assert len(first["SECRET_KEY"]) >= 50
    assert first == again
    assert (tmp_path / "data" / "secret_key").read_text().strip() == first["SECRET_KEY"]


SECURITY = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
)


def test_debug_off_with_a_real_secret_key_applies_the_secure_defaults(tmp_path):
    values = settings_from_env(tmp_path, *SECURITY, DEBUG="false", SECRET_KEY=REAL_SECRET_KEY)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000


def test_embedded_mode_without_secret_key_serves_plain_http(tmp_path):
    values = settings_from_env(tmp_path, *SECURITY)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_behind_a_tls_terminating_proxy_the_forwarded_headers_are_trusted(tmp_path):
    values = settings_from_env(
        tmp_path,
        "SECURE_PROXY_SSL_HEADER",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "SECURE_SSL_REDIRECT",
        SECRET_KEY=REAL_SECRET_KEY,
        TRUST_X_FORWARDED_PROTO="yes",
        TRUST_X_FORWARDED_FOR="1",
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["SECURE_SSL_REDIRECT"] is True


def test_tls_handled_elsewhere_can_switch_off_the_redirect(tmp_path):
    values = settings_from_env(
        tmp_path, *SECURITY, SECRET_KEY=REAL_SECRET_KEY, SECURE_SSL_REDIRECT="no"
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
