"""`manage.py check --deploy` is clean for a production configuration, and catches a bad one."""

import subprocess
import sys

from tests.test_settings import BASE_DIR, REAL_SECRET_KEY, clean_env

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": REAL_SECRET_KEY,
    "ALLOWED_HOSTS": "exactbridge.example.com",
}


def check_deploy(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean_env(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_production_behind_a_tls_proxy_passes_the_deploy_check(tmp_path):
    result = check_deploy(
        tmp_path, **PRODUCTION, TRUST_X_FORWARDED_PROTO="true", TRUST_X_FORWARDED_FOR="true"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_on_fails_the_deploy_check(tmp_path):
    result = check_deploy(tmp_path, **{**PRODUCTION, "DEBUG": "true"})
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_a_short_secret_key_fails_the_deploy_check(tmp_path):
    result = check_deploy(tmp_path, **{**PRODUCTION, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "security.W009" in result.stderr
