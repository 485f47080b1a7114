"""Settings for the client portal.

One module, driven by environment variables (see ``.env.example``). With no
environment at all it runs locally: SQLite under ``var/``, DEBUG on, e-mails as
files under ``var/mail``, a file-based cache and an embedded Celery broker (kombu's
filesystem transport), so that ``make run`` needs nothing installed.

``PORTAL_ENV=production`` turns on the production checks: a real
``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required and the security settings are
those that ``manage.py check --deploy`` asks for.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

PORTAL_ENV = env.str("PORTAL_ENV", default="development")
PRODUCTION = PORTAL_ENV == "production"

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
ADMIN_URL = env.str("ADMIN_URL", default="admin/")

# Fernet keys for secrets kept at rest (portal/core/crypto.py), newest first.
_DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="  # noqa: S105 - dev only
ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=[_DEV_ENCRYPTION_KEY])

if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("PORTAL_ENV=production exige une SECRET_KEY réelle (50+ car.).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("PORTAL_ENV=production exige ALLOWED_HOSTS.")
    if DEBUG:
        raise ImproperlyConfigured("PORTAL_ENV=production interdit DEBUG=true.")
    if _DEV_ENCRYPTION_KEY in ENCRYPTION_KEYS:
        raise ImproperlyConfigured("PORTAL_ENV=production exige ENCRYPTION_KEYS réelles.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "portal.core",
    "portal.accounts",
    "portal.organisations",
    "portal.audit",
    "portal.status",
    "portal.documents",
    "portal.serviceaccounts",
    "support",
    "subscriptions",
    "learning",
    "dataouverture",
]

MIDDLEWARE = [
    "portal.core.resilience.RetryReadOnDatabaseErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's UserSessionsMiddleware, writing at most every 5 min (issue 11).
    "portal.core.session_activity.ThrottledUserSessionsMiddleware",
    "portal.accounts.middleware.RequireMFAMiddleware",
    "portal.accounts.middleware.DeactivatedAccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
                "portal.core.context_processors.navigation",
                "portal.core.context_processors.support_contact",
            ],
            "builtins": [
                "portal.core.templatetags.portal_dates",
                "portal.core.templatetags.portal_forms",
                "portal.core.templatetags.portal_display",
                "portal.core.templatetags.portal_chrome",
                "portal.core.templatetags.portal_fragments",
            ],
        },
    },
]

# Common widgets written in Python with the markup of Django's templates (issue 11).
FORM_RENDERER = "portal.core.formhtml.QuickWidgetRenderer"

# --- Database -------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://...); default: SQLite under var/.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Persistent connections on both engines: opening a SQLite connection (and its
# PRAGMAs) cost about 5 ms per request, more than most pages' own queries
# (issue 11). The health check reopens one that a restart broke.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits need a real, shared cache) ------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down: an empty cache and a logged warning, never a 500 (issue 16).
            "BACKEND": "portal.core.failopen.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

#: How long parts of pages stay cached (portal/core/fragments.py). Their keys
#: hold what they show, so a change shows at once; the bound is for what a
#: Demande page's lists' version does not see: a person renamed or erased (issue 11).
CACHED_PARTS_SECONDS = env.int("CACHED_PARTS_SECONDS", default=60)
#: How long a Demande list's rows stay cached under its version
#: (support/list_cache.py): the bound on what the version does not see.
CACHED_LISTS_SECONDS = env.int("CACHED_LISTS_SECONDS", default=5)

# --- Auth -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's, loading the user with their organisation and TOTP flag in one query (issue 11).
    "portal.accounts.backends.PortalModelBackend",
    # allauth's, logging in by the account's own address only (one address = one person).
    "portal.accounts.backends.AccountAddressBackend",
    # Named by sessions opened before PortalModelBackend: they stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "portal.accounts.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # addresses are proven by the invitation link (art. 11)
ACCOUNT_CHANGE_EMAIL = False
# One address = one person: no secondary addresses (issue 14, item 2).
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_FORMS = {"add_email": "portal.accounts.allauth_forms.NoSecondaryEmailForm"}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portail client] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
# Behind reverse proxies the per-IP limit must see the client's address: the
# number of proxies you run (X-Forwarded-For is read from the right), or the
# header your proxy sets (e.g. X-Real-IP). Default: none trusted, REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Portail client")
USERSESSIONS_TRACK_ACTIVITY = True

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "portal.accounts.api_auth.ActiveUserTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "portal.core.schema.PortalAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "portal.core.api.JSONParser",
        "portal.core.api.FormParser",
        "portal.core.api.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "portal.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "portal.core.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["portal.core.throttling.WindowUserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("API_THROTTLE_USER", default="600/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail client",
    "DESCRIPTION": "API REST du portail client (v1). Toutes les données sont limitées "
    "à l'organisation de l'appelant.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.core.schema.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MaintenanceKindEnum": "portal.status.models.Maintenance.Kind",
        "ReleaseKindEnum": "portal.status.models.Release.Kind",
        "ServiceStateEnum": "portal.status.api.SERVICE_STATES",
        "DemandeKindEnum": "support.models.Demande.Kind",
        "DemandeStateEnum": "support.models.Demande.State",
        "ArticleKindEnum": "learning.models.kb.Article.Kind",
        "ArticleStateEnum": "learning.models.kb.Article.State",
    },
}

# --- I18N -----------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
# No LOCALE_PATHS: the French texts are the msgids and no catalogue exists yet.
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static & media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# Data Ouverture (art. 17): per-organisation Data Access databases and export files.
DATA_ACCESS_ROOT = Path(env.str("DATA_ACCESS_ROOT", default=str(VAR_DIR / "data-access")))
# Restore points of `manage.py backup` and the nightly task (portal/core/backups.py).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
# File Exchange may reach a GED on a private address only when allowed (development).
FILE_EXCHANGE_ALLOW_PRIVATE_HOSTS = env.bool("FILE_EXCHANGE_ALLOW_PRIVATE_HOSTS", default=DEBUG)
MEDIA_URL = "/media/"
# Media (documents, attachments, learning files): local files under MEDIA_ROOT by
# default; MEDIA_STORAGE=s3 puts them in an S3-compatible bucket (django-storages),
# which every web and worker machine shares. Files are always served through the
# portal's views (access checked), never from the bucket's URL.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "local":
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not env.str("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 exige AWS_STORAGE_BUCKET_NAME.")
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID…, instance role).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": None,  # private objects: the bucket's policy applies
            "querystring_auth": True,
            "file_overwrite": False,  # a name taken gets a suffix, as on disk
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE vaut « local » ou « s3 ».")
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The platform knows no feature (README, "Architecture"): what it needs from one is
# named here. The document space's quota (art. 4) is the contract's.
DOCUMENTS_QUOTA_PROVIDER = "subscriptions.selectors.storage_entitlement_bytes"

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "portal.core.mailfiles.OneFilePerMessageBackend"
    ),
)
# Development: one file per e-mail sent, readable one by one (not interleaved
# by the worker's processes in one log).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# An SMTP exchange never outlasts the outbox claim (portal/core/emails.py).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
OUTBOX_CLAIM_LEASE_SECONDS = env.int("OUTBOX_CLAIM_LEASE_SECONDS", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portail client <noreply@portail.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The support line, shown wherever the support hours are (art. 12.6).
SUPPORT_PHONE = env.str("SUPPORT_PHONE", default="01 00 00 00 00 (numéro fictif)")

# --- Invoices: the vendor's legal mentions (C. com. art. L441-9, L441-10) ----
# The defaults are a FICTITIOUS demo identity: set the real ones in production.
VENDOR_NAME = env.str("VENDOR_NAME", default="Éditeur Démo SAS (fictif)")
VENDOR_ADDRESS = env.str("VENDOR_ADDRESS", default="1 rue de l'Exemple, 69000 Lyon")
VENDOR_SIREN = env.str("VENDOR_SIREN", default="000000000")
VENDOR_VAT_NUMBER = env.str("VENDOR_VAT_NUMBER", default="FR12000000000")
VENDOR_RCS = env.str("VENDOR_RCS", default="RCS Lyon 000 000 000")
VENDOR_SHARE_CAPITAL = env.str("VENDOR_SHARE_CAPITAL", default="10 000 €")
INVOICE_PAYMENT_TERMS_DAYS = env.int("INVOICE_PAYMENT_TERMS_DAYS", default=30)
INVOICE_LATE_PENALTY_TEXT = env.str("INVOICE_LATE_PENALTY_TEXT", default="") or (
    "En cas de retard de paiement, des pénalités sont exigibles de plein droit, au taux "
    "d'intérêt appliqué par la Banque centrale européenne à son opération de "
    "refinancement la plus récente majoré de 10 points de pourcentage, ainsi qu'une "
    "indemnité forfaitaire pour frais de recouvrement de 40 € (C. com. art. L441-10 et "
    "D441-5). Pas d'escompte pour paiement anticipé."
)

# --- Celery ---------------------------------------------------------------
# With REDIS_URL (or CELERY_BROKER_URL) Redis is the broker. With nothing set,
# kombu's filesystem transport under var/ is a real broker that needs no
# server: ``make run`` starts a real worker and beat on it.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "processed", "control"):
        (_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A stopped Redis must not hold a request: fail fast, the sweeps catch up.
        "socket_connect_timeout": 0.5,
        "socket_timeout": 2,
        # kombu waits 2 s before its one reconnection attempt by default.
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Exactly one beat sends: a lease in the database (portal/core/beat.py).
CELERY_BEAT_SCHEDULER = "portal.core.beat:LockedDatabaseScheduler"
# A publish that cannot reach the broker must fail fast: the row is saved and
# the periodic sweep picks the work up later.
CELERY_BROKER_TRANSPORT_OPTIONS.setdefault("max_retries", 1)
CELERY_TASK_PUBLISH_RETRY = False

# --- Security -------------------------------------------------------------
# Database sessions (README, "Several machines"), read by a query compiled once.
SESSION_ENGINE = "portal.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 10)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A strict Content-Security-Policy (django-csp; ASVS 14.4.3): scripts and styles
# only from the portal's own static files, no inline script nor style attribute,
# never framed. The TOTP set-up page shows its QR code as a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Periodic work, installed into django_celery_beat's tables at beat start-up.
# Apps add their sweeps here.
from dataouverture.schedule import BEAT_SCHEDULE as _DATAOUVERTURE_BEAT  # noqa: E402
from learning.schedule import BEAT_SCHEDULE as _LEARNING_BEAT  # noqa: E402, I001
from portal.core.schedule import BEAT_SCHEDULE as _CORE_BEAT  # noqa: E402
from portal.documents.schedule import BEAT_SCHEDULE as _DOCUMENTS_BEAT  # noqa: E402
from portal.serviceaccounts.schedule import BEAT_SCHEDULE as _SERVICEACCOUNTS_BEAT  # noqa: E402
from portal.status.schedule import BEAT_SCHEDULE as _STATUS_BEAT  # noqa: E402
from subscriptions.schedule import BEAT_SCHEDULE as _SUBSCRIPTIONS_BEAT  # noqa: E402
from support.schedule import BEAT_SCHEDULE as _SUPPORT_BEAT  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "portal.core.tasks.sweep_outbox", "schedule": 30.0},
    **_SUPPORT_BEAT,
    **_SUBSCRIPTIONS_BEAT,
    **_STATUS_BEAT,
    **_DOCUMENTS_BEAT,
    **_LEARNING_BEAT,
    **_DATAOUVERTURE_BEAT,
    **_SERVICEACCOUNTS_BEAT,
    **_CORE_BEAT,
}
