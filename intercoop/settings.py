"""Intercoop settings: one module, everything read from the environment.

There is no separate production module. Production is this module with production values in the
environment (see README, "Configuration"), so nothing can exist only in production.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from intercoop.env import ConfigError, Env, check_url

env = Env()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.path("INTERCOOP_DATA_DIR", BASE_DIR.parent / "var")
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ConfigError(f"INTERCOOP_DATA_DIR={str(DATA_DIR)!r} cannot be created: {exc}.") from exc

DEBUG = env.bool("INTERCOOP_DEBUG", False)


def _secret_key() -> str:
    """The configured key, or one generated once and kept in the data directory."""
    configured = env.optional_str("INTERCOOP_SECRET_KEY")
    if configured is not None:
        if len(configured) < 50 or len(set(configured)) < 5:
            raise ConfigError("INTERCOOP_SECRET_KEY must be at least 50 varied characters long.")
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

# --- Where the platform is reached -----------------------------------------------------------
PUBLIC_URL = env.url("INTERCOOP_PUBLIC_URL", "http://127.0.0.1:8000", schemes=("http", "https"))
_public = urlsplit(PUBLIC_URL)
HTTPS = _public.scheme == "https"
ALLOWED_HOSTS = [_public.hostname or "", "127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS += env.list("INTERCOOP_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = [f"{_public.scheme}://{_public.netloc}"]
if env.bool("INTERCOOP_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "intercoop.core",
    "intercoop.accounts",
    "intercoop.organizations",
    "intercoop.directory",
    "intercoop.governance",
    "intercoop.ballots",
    "intercoop.labels",
    "intercoop.exchange",
    "intercoop.datacoop",
    "intercoop.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "huey.contrib.djhuey",
    "csp",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses API answers and exports, never HTML nor a session's answers (BREACH).
    "intercoop.core.compression.SafeGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, with the site's policy built once (intercoop/core/middleware.py).
    "intercoop.core.middleware.CSPMiddleware",
    "intercoop.core.middleware.PermissionsPolicyMiddleware",
    # GET /healthz answered here, before the layers below, which it does not need.
    "intercoop.core.middleware.HealthCheckMiddleware",
    "intercoop.api.middleware.JsonMethodNotAllowedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses oversized bodies (413) and text that is not UTF-8 (400) before a view reads them.
    "intercoop.core.middleware.RequestBodyMiddleware",
    # A rate limit reached in a view (intercoop.core.ratelimit) answers 429 with Retry-After.
    "intercoop.core.middleware.RateLimitedMiddleware",
    # Versions saved during a request record who made them (the admin site's edits too).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "intercoop.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "intercoop.urls"
WSGI_APPLICATION = "intercoop.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intercoop.core.context_processors.site",
                "intercoop.governance.context_processors.notifications",
            ],
        },
    }
]

# --- Storage ---------------------------------------------------------------------------------
DATABASE_URL = env.optional_url("DATABASE_URL", schemes=("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
            "INTERCOOP_DB_CONNECT_TIMEOUT", 5, minimum=1, maximum=120
        )
else:
    SQLITE_MMAP_MB = env.int("INTERCOOP_SQLITE_MMAP_MB", 2048, minimum=0, maximum=1 << 20)
    SQLITE_CACHE_MB = env.int("INTERCOOP_SQLITE_CACHE_MB", 64, minimum=1, maximum=1 << 16)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "intercoop.sqlite3"),
            "OPTIONS": {
                # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write
                # lock at BEGIN, so two writers queue on the busy timeout instead of deadlocking.
                # A search checks tens of thousands of index entries: reading the file through
                # a memory map (capped by SQLite's own build limit, 2 GB on Debian) and a page
                # cache larger than the 2 MB default keeps that in memory, not in read() calls.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    f"PRAGMA mmap_size={SQLITE_MMAP_MB * 2**20}; "
                    f"PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024};"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": env.int("INTERCOOP_SQLITE_BUSY_TIMEOUT", 20, minimum=1, maximum=600),
            },
            # Each server thread keeps its connection for a minute, as on PostgreSQL: opening
            # one and running the pragmas above took most of a short request, and a
            # fresh connection starts with an empty page cache. Idle, it holds no lock.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }

REDIS_URL = env.optional_url("INTERCOOP_REDIS_URL", schemes=("redis", "rediss", "unix"))
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A database table is shared by every server process, so login rate limits hold across
    # processes without Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "intercoop_cache",
            # Past MAX_ENTRIES a write deletes the expired entries, then a third of the rest,
            # live rate-limit counters included: Django's 300 would loosen every limit once
            # 300 addresses had been counted.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# --- Background tasks (huey) -----------------------------------------------------------------
TASKS_BACKEND = env.choice(
    "INTERCOOP_TASKS", "redis" if REDIS_URL else "embedded", ("embedded", "redis", "immediate")
)
_huey_workers = env.int("INTERCOOP_WORKERS", 2, minimum=1, maximum=64)
_huey_common = {"name": "intercoop", "results": True, "store_none": False, "utc": True}
if TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ConfigError("INTERCOOP_TASKS=redis needs INTERCOOP_REDIS_URL.")
    HUEY = {
        **_huey_common,
        "huey_class": "huey.RedisHuey",
        "url": REDIS_URL,
        "consumer": {"workers": _huey_workers, "worker_type": "thread"},
    }
else:
    HUEY = {
        **_huey_common,
        "huey_class": "huey.SqliteHuey",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
        "immediate": TASKS_BACKEND == "immediate",
        "consumer": {"workers": _huey_workers, "worker_type": "thread"},
    }

# --- Web server (`intercoop serve`) ----------------------------------------------------------
# 0: one gunicorn worker per core found, 4 threads each (intercoop.core.serving); the command's
# --workers and --threads win over these.
WEB_WORKERS = env.int("INTERCOOP_WEB_WORKERS", 0, minimum=0, maximum=256)
WEB_THREADS = env.int("INTERCOOP_WEB_THREADS", 0, minimum=0, maximum=256)
# Public pages (the home page, organizations' pages) are kept in each process's memory for
# visitors without a session, until any write or this many seconds (intercoop.core.pagecache);
# 0 turns it off.
PAGE_CACHE_SECONDS = env.int("INTERCOOP_PAGE_CACHE_SECONDS", 30, minimum=0, maximum=3600)

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("INTERCOOP_STATIC_ROOT", DATA_DIR / "static")
STATICFILES_DIRS: list[Any] = [BASE_DIR / "static"]
# The voting booth's cryptography, libsodium.js, comes from npm (`make install` runs `npm ci`):
# its two ES modules are served as static files under ballots/vendor/.
NODE_MODULES = env.path("INTERCOOP_NODE_MODULES", BASE_DIR.parent / "node_modules")
for _package in ("libsodium-wrappers-sumo", "libsodium-sumo"):
    _modules = NODE_MODULES / _package / "dist" / "modules-sumo-esm"
    if _modules.is_dir():
        STATICFILES_DIRS.append(("ballots/vendor", _modules))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# The key that seals the label issuers' private keys in the database (intercoop/labels/keystore.py):
# 32 random bytes in hexadecimal, made at first use. Keep it apart from the database's backups.
LABELS_KEY_FILE = env.path("INTERCOOP_LABELS_KEY_FILE", DATA_DIR / "labels_key")
# The key that seals the data co-operative's sensitive cells in the database
# (intercoop/datacoop/sealing.py): 32 random bytes in hexadecimal, made at first use. Keep it apart
# from the database's backups; see docs/datacoop.md for who can open what it seals.
DATACOOP_KEY_FILE = env.path("INTERCOOP_DATACOOP_KEY_FILE", DATA_DIR / "datacoop_key")
# Issuers of other hosts (did:web): their DID documents and status lists are fetched over HTTPS
# within a total timeout (seconds) and a size limit (bytes), from public addresses only, unless
# private ones are allowed (tests on loopback; never in production); a CA bundle (PEM) may
# replace the system's trust store (tests' self-signed certificates). See docs/labels.md.
LABELS_DID_WEB_TIMEOUT = env.int("INTERCOOP_LABELS_DID_WEB_TIMEOUT", 5, minimum=1, maximum=60)
LABELS_DID_WEB_MAX_BYTES = env.int(
    "INTERCOOP_LABELS_DID_WEB_MAX_BYTES", 65_536, minimum=1024, maximum=1 << 20
)
LABELS_STATUS_LIST_MAX_BYTES = env.int(
    "INTERCOOP_LABELS_STATUS_LIST_MAX_BYTES", 262_144, minimum=1024, maximum=1 << 24
)
LABELS_DID_WEB_ALLOW_PRIVATE = env.bool("INTERCOOP_LABELS_DID_WEB_ALLOW_PRIVATE", False)
_labels_ca_file = env.optional_str("INTERCOOP_LABELS_DID_WEB_CA_FILE")
LABELS_DID_WEB_CA_FILE = (
    str(Path(_labels_ca_file).expanduser().resolve()) if _labels_ca_file else None
)
# The organization (its slug) whose label issuer signs the exchange's co-op share labels
# (intercoop/exchange/services/coop_share.py); empty, none is issued. See docs/exchange.md.
EXCHANGE_COOP_SHARE_ISSUER = env.str("INTERCOOP_COOP_SHARE_ISSUER", "").strip()
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG

# --- Languages -------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["intercoop.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("INTERCOOP_TIME_ZONE", "UTC")
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Accounts --------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Where people land after signing in: what waits for them in their co-ops.
LOGIN_REDIRECT_URL = "organizations:attention"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Intercoop] "
ACCOUNT_ADAPTER = "intercoop.accounts.adapter.AccountAdapter"
# Limits are counted in the cache: the database cache by default, Redis when configured.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("INTERCOOP_RATE_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": env.str("INTERCOOP_RATE_SIGNUP", "20/m/ip"),
    "reset_password": env.str("INTERCOOP_RATE_RESET_PASSWORD", "20/m/ip,5/m/key"),
    "confirm_email": "1/3m/key",
}
# The platform's own limits (intercoop.core.ratelimit), counted in the same cache: creations per
# account (credentials issued through the API too), searches, exports and credential checks per
# address, casts per credential, failed API tokens per address.
RATE_LIMITS = {
    "organization_create": env.rate("INTERCOOP_RATE_ORGANIZATIONS", "20/h"),
    "proposal_create": env.rate("INTERCOOP_RATE_PROPOSALS", "30/h"),
    "invitation_create": env.rate("INTERCOOP_RATE_INVITATIONS", "200/h"),
    "search": env.rate("INTERCOOP_RATE_SEARCH", "120/m"),
    "export": env.rate("INTERCOOP_RATE_EXPORTS", "30/h"),
    "ballot_cast": env.rate("INTERCOOP_RATE_BALLOT_CAST", "10/h"),
    "token_failed": env.rate("INTERCOOP_RATE_TOKEN_FAILED", "20/h"),
    "credential_verify": env.rate("INTERCOOP_RATE_CREDENTIAL_VERIFY", "60/m"),
    "credential_issue": env.rate("INTERCOOP_RATE_CREDENTIAL_ISSUE", "60/m"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Intercoop"

# --- Email -----------------------------------------------------------------------------------
EMAIL_URL = env.url(
    "INTERCOOP_EMAIL_URL", "console://", schemes=("console", "smtp", "smtp+tls", "smtps", "file")
)


def _email_settings(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": parts.username or "",
        "EMAIL_HOST_PASSWORD": env.optional_str("INTERCOOP_EMAIL_PASSWORD") or parts.password or "",
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": 20,
    }


globals().update(_email_settings(EMAIL_URL))
DEFAULT_FROM_EMAIL = env.str("INTERCOOP_FROM_EMAIL", f"Intercoop <noreply@{_public.hostname}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "intercoop.core.views.csrf_failure"
SECURE_SSL_REDIRECT = HTTPS and env.bool("INTERCOOP_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.int("INTERCOOP_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("INTERCOOP_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Map -------------------------------------------------------------------------------------


def _map_tiles_url(name: str, value: str | None) -> str:
    """A tile server's address template with {z}, {x} and {y}, or "" for no tiles."""
    value = (value or "").strip()
    if not value:
        return ""
    check_url(name, value, schemes=("https", "http"))
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in value]
    if missing:
        raise ConfigError(f"{name}={value!r} must contain {', '.join(missing)}.")
    return value


# Without a tile server the map draws land and borders itself, on the server, from Natural Earth
# (the npm package world-atlas, installed beside libsodium.js; without it, a graticule alone).
# The pages that show the map allow the tile server's origin in their CSP img-src (see
# directory/views.py).
MAP_WORLD_ATLAS = NODE_MODULES / "world-atlas"
MAP_TILES_URL = _map_tiles_url(
    "INTERCOOP_MAP_TILES_URL", env.optional_str("INTERCOOP_MAP_TILES_URL")
)
MAP_ATTRIBUTION = env.str("INTERCOOP_MAP_ATTRIBUTION", "").strip()

# --- Request sizes ---------------------------------------------------------------------------
# A body other than a file upload is held in memory: Django's default, 2.5 MB. A multipart body
# (file uploads) may be larger, up to this; each form still has its own limit per file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
UPLOAD_MAX_BYTES = env.int("INTERCOOP_UPLOAD_MAX_MB", 16, minimum=1, maximum=1024) * 1024 * 1024

# --- API -------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50

# --- Logging ---------------------------------------------------------------------------------
LOG_LEVEL = env.choice(
    "INTERCOOP_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Configured here, huey's consumer does not add a second handler of its own.
        "huey": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
