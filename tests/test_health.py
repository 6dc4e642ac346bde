"""/healthz and /readyz: what the orchestrator probes, anonymously and over plain HTTP."""

import pytest


def test_healthz_answers_ok_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_database_broker_and_data_dir_ok(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "data_dir": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_data_dir_cannot_be_written(client, settings, tmp_path):
    # Tests run as root, whom permissions do not stop; nothing can be created below a file.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.DATA_DIR = blocker / "data"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["data_dir"] == "error: data directory is not writable"
    assert str(blocker) not in response.content.decode()  # details go to the log only
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_health_endpoints_answer_plain_http_while_everything_else_redirects_to_https(
    client, settings
):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_probes_with_an_unlisted_host_header_are_answered(client, settings):
    """Orchestrators probe with the pod's own address, which ALLOWED_HOSTS need not list."""
    settings.ALLOWED_HOSTS = ["bridge.example.com"]

    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400
