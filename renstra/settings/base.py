"""Settings shared by every environment; configuration comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "renstra.apps.RenstraAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "import_export",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "csp",
    "renstra",
    "cascading",
    "budgeting",
    "spm",
    "renstra.reports",
    "performance",
    # After cascading and budgeting: its admin module extends their admin classes.
    "renstra.imports",
    "renstra.people",
    "city",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A view that loses the database answers 503 in Indonesian (renstra/middleware.py).
    "renstra.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Control characters in the path, query or form answer 400 before a view reads them.
    "renstra.middleware.HostileInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns refused logins into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures for a username from one address lock it for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address as the reverse proxies in front saw it (renstra/client_ip.py); 0: none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "renstra.client_ip.client_ip"

ROOT_URLCONF = "renstra.urls"
WSGI_APPLICATION = "renstra.wsgi.application"

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
                "renstra.context_processors.navigation",
                "renstra.dashboard.context_processors.demo_data",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A persistent connection the database dropped (restart, failover) is replaced at the
        # start of the next request instead of failing it.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected files exist on servers only (production settings); elsewhere WhiteNoise serves the
# app directories directly.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "renstra" / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Content-Security-Policy (django-csp): scripts, styles, images and requests come from the
# product's own static files and pages only; no inline script or style, no plugins, no framing.
# Widths and colours computed on the server are data attributes that app.js applies.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The cache every gunicorn worker shares (the API's request budgets are counted there): Redis
# when REDIS_URL is set, else a table in the database (`manage.py createcachetable` creates it).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "renstra")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "renstra_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Read-only JSON API for integration (renstra/api/, docs/api.md): token authentication only (no
# session cookie, so no CSRF exposure), JSON only, paged lists, a request budget per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "renstra.api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("API_THROTTLE_RATE", "1200/hour")},
}

# Evidence files attached to realisations: PDF or image, at most this size.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))
EVIDENCE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]

# Excel imports: the largest file accepted, and where uploads wait between preview and apply
# (empty: a folder in the system's temporary directory; never under MEDIA_ROOT).
RENSTRA_IMPORT_MAX_BYTES = int(os.environ.get("RENSTRA_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
RENSTRA_IMPORT_DIR = os.environ.get("RENSTRA_IMPORT_DIR") or None
# What one import workbook may hold (refused before it is read) and how long reading it may take.
RENSTRA_IMPORT_MAX_SHEETS = int(os.environ.get("RENSTRA_IMPORT_MAX_SHEETS", "10"))
RENSTRA_IMPORT_MAX_ROWS = int(os.environ.get("RENSTRA_IMPORT_MAX_ROWS", "10000"))
RENSTRA_IMPORT_MAX_COLUMNS = int(os.environ.get("RENSTRA_IMPORT_MAX_COLUMNS", "100"))
RENSTRA_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("RENSTRA_IMPORT_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024))
)
RENSTRA_IMPORT_MAX_SECONDS = float(os.environ.get("RENSTRA_IMPORT_MAX_SECONDS", "30"))
# Uploads waiting for confirmation: per user at most this many files and bytes (the oldest give
# way), each kept this many seconds; `manage.py purge_uploads` (deploy/) removes expired ones.
RENSTRA_IMPORT_PENDING_FILES = int(os.environ.get("RENSTRA_IMPORT_PENDING_FILES", "3"))
RENSTRA_IMPORT_PENDING_BYTES = int(
    os.environ.get("RENSTRA_IMPORT_PENDING_BYTES", str(15 * 1024 * 1024))
)
RENSTRA_IMPORT_PENDING_SECONDS = int(os.environ.get("RENSTRA_IMPORT_PENDING_SECONDS", "7200"))
# django-import-export's admin import keeps its file in the import folder under a generated name.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "renstra.imports.storage.AdminImportStorage"

# The seeded plan: the structured extract committed in fixtures/.
SEED_FIXTURE = BASE_DIR / "fixtures" / "renstra_dinsos_palangka_raya_2024_2026.json"

# One line per event on stderr, as JSON, so a city's log collector can read it.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "renstra.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# E-mail for the schedule reminders (`manage.py send_reminders`): printed on the console unless
# EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "renstra@localhost")
# The address links in e-mails start with, e.g. https://renstra.palangkaraya.go.id
RENSTRA_BASE_URL = os.environ.get("RENSTRA_BASE_URL", "")
