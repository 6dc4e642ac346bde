"""Django settings for ExactBridge.

Everything that differs between the embedded demo and a production container comes from the
environment through the readers in ``exactbridge.env``; ``.env.example`` lists every variable.
The defaults are the embedded mode: SQLite and originals under ``DATA_DIR``, the ORM as task
broker, secrets generated once into ``DATA_DIR``.
"""

from collections.abc import Callable
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from exactbridge.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
    is_set,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = env_path("DATA_DIR", BASE_DIR / "var")
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"DATA_DIR={DATA_DIR} cannot be created: {exc}") from exc


def _generated_secret(file_name: str, make: Callable[[], str]) -> str:
    """A secret kept in DATA_DIR, created on first start, so the embedded mode needs no set-up."""
    path = DATA_DIR / file_name
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(make(), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or _generated_secret("secret_key", get_random_secret_key)
# Fernet keys for secrets at rest (OAuth tokens, mailbox passwords). Comma-separated: the first
# encrypts, all decrypt, so a key can be rotated without losing what was stored under the old one.
ENCRYPTION_KEYS = env_list("ENCRYPTION_KEY", []) or [
    _generated_secret("encryption_key", _fernet_key)
]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Transport security: on by default with DEBUG off and a SECRET_KEY given ----------------
# Without a SECRET_KEY the embedded mode is running (key generated into DATA_DIR), typically on
# plain HTTP on localhost; a production container sets SECRET_KEY and gets the secure defaults.
HTTPS = env_bool("HTTPS", not DEBUG and is_set("SECRET_KEY"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# Preloading commits the organisation's whole domain to HTTPS in every browser: its own choice
# (HSTS_PRELOAD=true), so `check --deploy` does not nag about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a proxy, the client's address is the right-most X-Forwarded-For entry (audit log).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Behind a TLS-terminating proxy that sets this header (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health endpoints are probed over plain HTTP from inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "template_partials",
    "django_q",
    # ExactBridge: the foundation and the bridge to Exact
    "exactbridge.accounts",
    "exactbridge.administrations",
    "exactbridge.audit",
    "exactbridge.masterdata",
    "exactbridge.online",
    "exactbridge.globe",
    "exactbridge.simulator",
    "exactbridge.posting",
    "exactbridge.demo",
    "exactbridge.ops",
    # ExactBridge: the work
    "intake",
    "cases",
    "matching",
]

MIDDLEWARE = [
    "exactbridge.health.HealthEndpointsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's saved language wins over the browser's.
    "exactbridge.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "exactbridge.urls"
WSGI_APPLICATION = "exactbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

# --- Database ------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'exactbridge.sqlite3'}"
try:
    _database = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Web server and worker share the file: WAL lets readers go on while one writes, and
    # IMMEDIATE transactions take the write lock up front instead of failing half-way.
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _database["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfigured(
        f"DATABASE_URL must point at SQLite or PostgreSQL, not {_database['ENGINE']}."
    )
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, task broker --------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every process on the machine (gunicorn workers and the task cluster), which the
    # login rate limits and the Exact rate-limit budget need; created by a migration.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "exactbridge_cache",
        }
    }

Q_CLUSTER = {
    "name": "exactbridge",
    "workers": env_int("TASK_WORKERS", 2, minimum=1),
    # A task that runs longer than `timeout` is killed; `retry` must be larger so a slow task
    # is not handed to a second worker while the first still runs.
    "timeout": env_int("TASK_TIMEOUT", 300, minimum=10),
    "retry": env_int("TASK_TIMEOUT", 300, minimum=10) + 60,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 1000,
    "label": _("Background tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    # Seconds between looks at an empty queue: the floor under a document's waiting time.
    Q_CLUSTER["poll"] = env_int("TASK_POLL_MS", 100, minimum=10) / 1000

# --- Authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "exactbridge.accounts.adapters.InviteOnlyAccountAdapter"
MFA_ADAPTER = "exactbridge.accounts.adapters.EncryptingMFAAdapter"
SOCIALACCOUNT_ADAPTER = "exactbridge.accounts.adapters.InviteOnlySocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
# Failed sign-ins are throttled per user and per IP address (allauth keeps the counts in the
# shared cache): 5 failures per 5 minutes for one account, 20 per minute from one address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "20/m/ip,5/300s/key"),
    "login": "60/m/ip",
    "reset_password": "5/m/ip,3/300s/key",
}
# The per-IP limits need the client's address, which behind the proxy is in X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if TRUST_X_FORWARDED_FOR else 0
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_ISSUER", "ExactBridge")

# Single sign-on through any OpenID Connect provider (Microsoft Entra ID, Keycloak, ...),
# switched on by setting OIDC_CLIENT_ID. Only existing users may sign in through it: their
# e-mail address must match; nobody is created.
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {}
if is_set("OIDC_CLIENT_ID"):
    if not is_set("OIDC_SERVER_URL"):
        raise ImproperlyConfigured("OIDC_CLIENT_ID is set, so OIDC_SERVER_URL is needed too.")
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
                "name": env_str("OIDC_NAME", "Single sign-on"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": env_str("OIDC_SERVER_URL"),
                    # The identity provider is the organisation's own, so its e-mail claims
                    # are trusted to match existing users.
                    "verified_email": True,
                    "oauth_pkce_enabled": True,
                },
            }
        ],
    }

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "nl", {"nl", "en"})
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "staticfiles")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    # Originals, content-addressed (intake.storage); swap for an S3-compatible backend here.
    "originals": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "originals"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Mail ----------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ExactBridge <exactbridge@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Product -------------------------------------------------------------------------------
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
COWORKER_USERNAME = "coworker"
# Larger files are refused at the door with a clear message (nothing is stored).
MAX_DOCUMENT_BYTES = env_int("MAX_DOCUMENT_MB", 100, minimum=1) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Exact Online (exactbridge.online) -----------------------------------------------------
# The app registration's defaults for the 'Connect to Exact Online' page; each administration
# keeps its own host, client id and (encrypted) secret once connected.
EXACT_ONLINE_BASE_URL = env_str("EXACT_ONLINE_BASE_URL", "https://start.exactonline.nl")
EXACT_ONLINE_CLIENT_ID = env_str("EXACT_ONLINE_CLIENT_ID", "")
EXACT_ONLINE_CLIENT_SECRET = env_str("EXACT_ONLINE_CLIENT_SECRET", "")
# Exact compares it exactly with the registration; empty: https://<this host>/online/oauth/callback/
EXACT_ONLINE_REDIRECT_URI = env_str("EXACT_ONLINE_REDIRECT_URI", "")
# Hosts offered besides Exact's country hosts, e.g. the local simulator for a demo.
EXACT_ONLINE_EXTRA_HOSTS = env_list("EXACT_ONLINE_EXTRA_HOSTS", [])
# Seconds to wait for an answer from Exact before giving up.
EXACT_ONLINE_TIMEOUT = env_int("EXACT_ONLINE_TIMEOUT", 60, minimum=5)
# Days the log of API calls is kept; older calls are deleted daily (manage.py prune_api_log).
EXACT_API_LOG_RETENTION_DAYS = env_int("EXACT_API_LOG_RETENTION_DAYS", 90, minimum=1)

# --- Intake channels (intake/channels) -----------------------------------------------------
# Seconds to wait for an IMAP server before a poll gives up (recorded on the mailbox).
INTAKE_MAILBOX_TIMEOUT = env_int("INTAKE_MAILBOX_TIMEOUT", 60, minimum=5)
# Messages taken from one mailbox per poll; the rest wait for the next poll (every minute).
INTAKE_MAILBOX_BATCH = env_int("INTAKE_MAILBOX_BATCH", 50, minimum=1)
# Watched folders (for scanners) must lie below this folder; each is configured relative to it.
INTAKE_FOLDERS_ROOT = env_path("INTAKE_FOLDERS_ROOT", DATA_DIR / "inbox")
# A file in a watched folder is taken once it is unchanged across two polls or this many seconds
# old, so a scanner still writing it is not read half-way.
INTAKE_FOLDER_SETTLE_SECONDS = env_int("INTAKE_FOLDER_SETTLE_SECONDS", 120, minimum=0)

# --- Optional: language-model extraction (intake/extraction/llm/) ------------------------
# Fields the rules could not read from a page are asked of an OpenAI-compatible endpoint
# ({LLM_EXTRACTION_URL}/chat/completions). Off unless both URL and model are set; the page's text
# then leaves this machine (docs/llm-extraction.md).
LLM_EXTRACTION_URL = env_str("LLM_EXTRACTION_URL", "").rstrip("/")
LLM_EXTRACTION_MODEL = env_str("LLM_EXTRACTION_MODEL", "")
LLM_EXTRACTION_API_KEY = env_str("LLM_EXTRACTION_API_KEY", "")
# Seconds to wait for the answer; the document's reading waits that long at most.
LLM_EXTRACTION_TIMEOUT = env_int("LLM_EXTRACTION_TIMEOUT", 30, minimum=1)
# At most this many characters of text are sent: whole pages, the first and the last first.
LLM_EXTRACTION_MAX_CHARS = env_int("LLM_EXTRACTION_MAX_CHARS", 12_000, minimum=1_000)
if bool(LLM_EXTRACTION_URL) != bool(LLM_EXTRACTION_MODEL):
    raise ImproperlyConfigured(
        "LLM_EXTRACTION_URL and LLM_EXTRACTION_MODEL go together: set both, or neither."
    )
if LLM_EXTRACTION_URL and not LLM_EXTRACTION_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"LLM_EXTRACTION_URL={LLM_EXTRACTION_URL!r} must start with https:// (or http://)."
    )
