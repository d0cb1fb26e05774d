"""Newsroom settings: one module, read from the environment.

Every variable is documented in the README. Without any, the site runs as a
local demo on SQLite; with DEBUG off it refuses to start until it has a real
SECRET_KEY and reCAPTCHA keys, and it runs hardened: HTTPS only, secure
cookies, HSTS, a Content-Security-Policy, the page cache.
"""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from newsroom.logging import stdout_logging

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# The suite runs under pytest-django, which needs no real keys and wants fast
# hashing and an in-memory mailbox.
TESTING = "pytest" in sys.modules

DEBUG = env.bool("DEBUG", default=False)
# A public site: what the defaults below harden.
PRODUCTION = not (DEBUG or TESTING)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string, "
            "or set DEBUG=true to run the local demo."
        )
    SECRET_KEY = "django-insecure-newsroom-demo-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
    "taggit",
    "django_recaptcha",
    "django_prose_editor",
    "reversion",
    "articles",
    "authors",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Answers /healthz before anything checks the Host header or the session:
    # load balancers probe by address, over plain HTTP.
    "newsroom.health.HealthCheckMiddleware",
    # Below the HTTPS redirect and the security headers, which every answer
    # needs; above the rest, which a cached page needs none of: a hit skips
    # it, and the stored page keeps the headers it added (CSP,
    # X-Frame-Options, Vary). It reads the reader's cookies and session
    # itself to tell whether their page is everyone's.
    "newsroom.pagecache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves the collected, compressed, fingerprinted static files; in
    # development runserver serves them from the apps' folders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        # Django's engine, under its usual name (newsroom/templates.py).
        "BACKEND": "newsroom.templates.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Widgets render through the project's templates too, so templates/ can
# override a library's widget (the reCAPTCHA one has no inline script there).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# PostgreSQL plans a page's statements once per connection instead of on
# every request: the parameters travel apart from the SQL (server-side
# binding), so each statement's text stays the same, and psycopg prepares it
# once it has run five times. Planning took a sixth of the home page's time.
# PgBouncer in transaction mode before 1.21 (or without
# max_prepared_statements) cannot keep prepared statements:
# DATABASE_PREPARED_STATEMENTS=false there.
POSTGRES_OPTIONS = (
    {"server_side_binding": True, "prepare_threshold": 5}
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
    else {}
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = (
        DATABASES["default"].get("OPTIONS", {}) | POSTGRES_OPTIONS
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when there is one, holds the cache, the sessions and the page cache.
# Without it the cache is per-process memory, and the page cache falls back to
# a database table: it must be shared by every process that serves the site,
# or a purge made in one would not reach the others.
REDIS_URL = env.str("REDIS_URL", default="")
# Lets several sites (or test runs) share one Redis database.
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="newsroom")
if REDIS_URL:
    _redis = {
        "BACKEND": "newsroom.cache.RedisCache",
        "LOCATION": REDIS_URL,
    }
    CACHES = {
        "default": _redis | {"KEY_PREFIX": REDIS_KEY_PREFIX},
        "pages": _redis | {"KEY_PREFIX": f"{REDIS_KEY_PREFIX}-pages"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_page_cache",
            # Django's default of 300 entries would cull pages all day long.
            # Each page takes four: two entries and two bodies.
            "OPTIONS": {"MAX_ENTRIES": 40000},
        },
    }
NEWSROOM_PAGE_CACHE = env.bool("PAGE_CACHE", default=PRODUCTION)
# Each process keeps the page bodies it sent lately, by digest, up to this
# many MB: a hit then fetches only the page's entry from the store
# (newsroom/pagecache.py). 0 keeps none.
NEWSROOM_PAGE_BODIES_KEPT_MB = env.int("PAGE_BODIES_KEPT_MB", default=32)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# MEDIA_URL may name another origin (a CDN, a bucket's domain): uploads are then
# never served from the site's own.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed and fingerprinted by collectstatic, served by WhiteNoise.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# S3 or any S3-compatible store holds the uploads when a bucket is named; the
# credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads
# them.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
# Uploads on the filesystem are served by newsroom.media (with headers that
# keep an uploaded file from running as a page) unless DEBUG serves them, or
# SERVE_MEDIA=false because the web server in front does.
NEWSROOM_SERVE_MEDIA = env.bool(
    "SERVE_MEDIA", default=not (DEBUG or AWS_STORAGE_BUCKET_NAME)
)
if NEWSROOM_SERVE_MEDIA and not urlsplit(MEDIA_URL).path.strip("/"):
    raise ImproperlyConfigured(
        "MEDIA_URL needs a path, such as /media/ or https://media.example.org"
        "/media/, while Newsroom serves the uploads (SERVE_MEDIA): the site's "
        "pages own /."
    )

# Security. Behind reverse proxies (PROXY_COUNT of them, each setting
# X-Forwarded-For and X-Forwarded-Proto) the client address and HTTPS are read
# from their headers, and only then.
NEWSROOM_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if NEWSROOM_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: our own origin, plus Google's reCAPTCHA for the
# comment form's script and frame. No inline script runs without a nonce (the
# admin's rich-text editor gets one for its import map); no inline style but
# the editor's own, so a style attribute smuggled into a page does nothing.
RECAPTCHA_DOMAIN = env.str("RECAPTCHA_DOMAIN", default="www.google.com")
# The hosts Google's reCAPTCHA guide lists for a CSP.
_RECAPTCHA = f"https://{RECAPTCHA_DOMAIN}/recaptcha/"
_RECAPTCHA_SCRIPTS = [_RECAPTCHA, "https://www.gstatic.com/recaptcha/"]
_RECAPTCHA_FRAMES = [_RECAPTCHA, "https://recaptcha.google.com/recaptcha/"]
# The one inline style allowed, by its hash rather than 'unsafe-inline': the
# base stylesheet the admin's rich-text editor (Tiptap, in django-prose-editor
# 0.28) adds as a <style> element. A new version that changes it is caught by
# tests/production/test_csp_browser.py.
_EDITOR_STYLE = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *_RECAPTCHA_SCRIPTS],
        "frame-src": _RECAPTCHA_FRAMES,
        "img-src": [SELF, "data:", "https:"],
        "style-src": [SELF, _EDITOR_STYLE],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if _media_origin != "://":
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_media_origin)

# Password guessing at the admin login: after AXES_FAILURE_LIMIT failures for
# one user name from one address, that pair waits out the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

LOGGING = stdout_logging(env.str("LOG_LEVEL", default="INFO"), django="INFO")

# Mail (moderators' digests, reply notices): printed to the console unless
# EMAIL_URL names an SMTP server (smtp+tls://user:password@host:587).
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")

# reCAPTCHA: Google's test keys (which always pass) only for the demo and the
# suite; a public site must bring its own.
if DEBUG or TESTING:
    RECAPTCHA_PUBLIC_KEY = env.str("RECAPTCHA_PUBLIC_KEY", default=TEST_PUBLIC_KEY)
    RECAPTCHA_PRIVATE_KEY = env.str("RECAPTCHA_PRIVATE_KEY", default=TEST_PRIVATE_KEY)
    SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
else:
    RECAPTCHA_PUBLIC_KEY = env.str("RECAPTCHA_PUBLIC_KEY", default="")
    RECAPTCHA_PRIVATE_KEY = env.str("RECAPTCHA_PRIVATE_KEY", default="")
    if not (RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY):
        raise ImproperlyConfigured(
            "RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY must be set when "
            "DEBUG is off: comment forms cannot be protected without them."
        )

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tags.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "articles.tags.string_from_tags"

NEWSROOM_SITE_NAME = env.str("SITE_NAME", default="Newsroom")
NEWSROOM_PAGE_SIZE = 12

# Pictures editors upload: every setting is documented in the README
# ("Pictures"). Each upload is decoded in full, so the pixel cap bounds the
# memory one upload can take (about 10 bytes a pixel at its peak).
IMAGE_MAX_UPLOAD_MB = env.int("IMAGE_MAX_UPLOAD_MB", default=20)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_RENDITION_WIDTHS = env.list(
    "IMAGE_RENDITION_WIDTHS", cast=int, default=[480, 800, 1200, 1600]
)

# Comments: every setting is documented in the README ("Comments").
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=3)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=None)
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=10)
COMMENTS_MODERATION = env.str("COMMENTS_MODERATION", default="all")
if COMMENTS_MODERATION not in ("all", "first", "none"):
    raise ImproperlyConfigured("COMMENTS_MODERATION must be all, first or none.")
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_DUPLICATE_HOURS = env.int("COMMENTS_DUPLICATE_HOURS", default=24)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_MAX_LENGTH = env.int("COMMENTS_MAX_LENGTH", default=5000)
COMMENTS_RATE_POSTS = env.str("COMMENTS_RATE_POSTS", default="5/10m")
COMMENTS_RATE_REPORTS = env.str("COMMENTS_RATE_REPORTS", default="10/h")
COMMENTS_PURGE_IPS_DAYS = env.int("COMMENTS_PURGE_IPS_DAYS", default=60)
COMMENTS_DIGEST_MINUTES = env.int("COMMENTS_DIGEST_MINUTES", default=15)
COMMENTS_MODERATOR_EMAILS = env.list("COMMENTS_MODERATOR_EMAILS", default=[])
RECAPTCHA_VERSION = env.int("RECAPTCHA_VERSION", default=2)
if RECAPTCHA_VERSION not in (2, 3):
    raise ImproperlyConfigured("RECAPTCHA_VERSION must be 2 or 3.")
RECAPTCHA_SCORE_THRESHOLD = env.float("RECAPTCHA_SCORE_THRESHOLD", default=0.5)
RECAPTCHA_TIMEOUT = env.float("RECAPTCHA_TIMEOUT", default=5)
# What django-recaptcha's client reads.
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = RECAPTCHA_TIMEOUT
RECAPTCHA_UNAVAILABLE = env.str("RECAPTCHA_UNAVAILABLE", default="hold")
if RECAPTCHA_UNAVAILABLE not in ("hold", "refuse"):
    raise ImproperlyConfigured("RECAPTCHA_UNAVAILABLE must be hold or refuse.")
