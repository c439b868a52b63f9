"""Settings for Newsroom, driven by environment variables.

The defaults make `make run` work on SQLite with no variables set. `DJANGO_ENV=production`
switches on the production checks: SECRET_KEY and ALLOWED_HOSTS must be given, HTTPS is assumed.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development").lower() == "production"

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"DJANGO_ENV=production needs these environment variables: {', '.join(missing)}"
        )
    SECRET_KEY = os.environ["SECRET_KEY"]
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
else:
    # Development only: a key that is obviously not a secret. Production refuses to start without
    # its own.
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-insecure-key-do-not-deploy")
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin on a site whose every list refuses impossible date filters cleanly.
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # articles: the stored search document (SearchVectorField)
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "taggit",
    "reversion",
    "django_tasks_db",
    # syndication: the wire clients' API (its Swagger page's static files and template).
    "ninja",
    "newsroom",
    "articles",
    "images",
    "ticker",
    "donations",
    "comments",
    "syndication",
    "notifications",
    "live",
    "newsletters",
    "dashboard",
    # E-mail providers' backends and signed bounce webhooks for the newsletters.
    "anymail",
]

MIDDLEWARE = [
    "newsroom.middleware.RequestLogMiddleware",
    "newsroom.middleware.HostPortMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page cache, in Django's two halves (newsroom/cache.py): this one stores a reader page
    # as it leaves the middleware below (compressed, with its ETag), the other one, last in the
    # list, serves it once the address is resolved; everything above runs on every response.
    "newsroom.cache.UpdatePageCacheMiddleware",
    # Compresses pages (Django's mitigation pads each response against BREACH); WhiteNoise
    # above serves static files compressed ahead of time.
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every GET (a weak one once compressed), answered with 304, cached pages included.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/hi/...; none is the default), never a cookie
    # or Accept-Language, so a cached page is the same for every reader (newsroom/languages.py).
    "newsroom.languages.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.cache.FetchPageCacheMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "articles.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once under gunicorn's several workers. Writers take
    # turns (BEGIN IMMEDIATE takes the one write lock); one waits up to 20 s for its turn (Python's
    # default, 5 s, ran out with six publishers on a loaded two-core machine: "database is
    # locked", a 500).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests get a file, not SQLite's shared in-memory database: the browser tests' live server
    # answers on several threads (a change form's heartbeat, autosave and goodbye arrive together),
    # and threads sharing an in-memory database fail at once with "database table is locked"
    # where a file in WAL mode lets them wait their turn, as `make run` does.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One shared store for every process: Redis when REDIS_URL is set, else Django's database cache
# (the newsroom_cache table, made by `make setup`), so that with `make run`'s two workers a change
# saved through one shows on the other at the next request. Never a per-process cache in
# production (newsroom/checks.py). Three aliases on the same store: "default" (rate limits and
# other small values), "pages" (the page cache and the tag generations that key it) and
# "template_fragments" ({% cache %}, keyed on the generations too): they all drop together.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "newsroom")
if REDIS_URL:
    _SHARED_CACHE = {
        # django-redis with a circuit breaker: after a failure, cache calls are skipped for a few
        # seconds, so a Redis that hangs costs a request one short timeout, not one per call.
        "BACKEND": "newsroom.cache_backends.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
        },
    }
    _FRAGMENT_BACKEND = "newsroom.cache_backends.RedisFragmentCache"
else:
    _SHARED_CACHE = {
        "BACKEND": "newsroom.cache_backends.DatabaseCache",
        "LOCATION": "newsroom_cache",
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
    _FRAGMENT_BACKEND = "newsroom.cache_backends.DatabaseFragmentCache"
CACHES = {
    "default": _SHARED_CACHE,
    "pages": _SHARED_CACHE,
    # {% cache %} fragments: a page's fragments are read in one round trip (cache_backends).
    "template_fragments": {
        **_SHARED_CACHE,
        "BACKEND": _FRAGMENT_BACKEND,
        "KEY_FUNCTION": "newsroom.cache.fragment_key",
    },
}

# The page cache for anonymous readers (newsroom/cache.py, docs/scaling.md): pages opt in with
# cached_page() in their URLconf. PAGE_CACHE=0 switches it off.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# Seconds a reader page is kept here and by a CDN (s-maxage); browsers keep it a minute at most.
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
# Seconds a page of search results is kept (articles.search); any change to a story, a byline or
# a tag drops them all sooner.
SEARCH_CACHE_TIMEOUT = int(os.environ.get("SEARCH_CACHE_TIMEOUT", "300"))
PAGE_CACHE_BROWSER_MAX_AGE = 60
# Seconds each worker may serve a page it already served without asking the shared cache (no
# round trip a hit; another worker's change shows here that much later). 0, the default: every
# hit reads the generations, so every change shows everywhere at the next request.
PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "0"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = 30
# Each worker keeps the live islands it read from the shared cache this many seconds
# (newsroom/islands.py): a change shows on open pages within this plus the island's poll.
ISLANDS_LOCAL_SECONDS = float(os.environ.get("ISLANDS_LOCAL_SECONDS", "1"))
# The tags every {% cache %} fragment depends on, besides its own name and values: the site
# (settings, navigation) and the set of published stories (a takedown drops every link to it).
PAGE_CACHE_FRAGMENT_TAGS = ["site", "stories"]
# `make bench` only: adds /__bench__/baseline/, a view that does no work, behind the same
# middleware.
BENCH_BASELINE = env_bool("BENCH_BASELINE", False)

# Background tasks (newsroom/background.py): django.tasks with django-tasks-db, a task being a
# row in the database that `manage.py db_worker` processes on any machine claim one at a time.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs, enqueued once per interval across every `manage.py run_scheduler` running.
SCHEDULED_JOBS = {
    "heartbeat": {
        "task": "newsroom.tasks.heartbeat",
        "every": int(os.environ.get("HEARTBEAT_SECONDS", "300")),
    },
    "clear-expired-sessions": {"task": "newsroom.tasks.clear_expired_sessions", "every": 3600},
    "prune-finished-tasks": {"task": "newsroom.tasks.prune_finished_tasks", "every": 86400},
    # Picture files no image refers to (uploads cut off half way), older than an hour.
    "remove-orphan-images": {"task": "images.tasks.remove_orphan_files", "every": 86400},
    # Daily briefings at their IST times; newsletter retries and batches left by a stopped worker.
    "newsletters": {"task": "newsletters.tasks.newsletters_every_minute", "every": 60},
    # The sandbox gateway's monthly renewals as they fall due (nothing with a real gateway).
    "sandbox-renewals": {"task": "donations.tasks.sandbox_charge_due", "every": 3600},
    # Pending updates to live stories scheduled to go live (articles.staging).
    "articles-staged-updates": {"task": "articles.tasks.publish_due_updates", "every": 60},
    # syndication: webhook pushes whose retry is due (syndication/webhooks.py).
    "syndication-webhooks": {"task": "syndication.tasks.retry_webhooks", "every": 60},
    # syndication: partner wires' feeds, each at its own interval (WireSource.poll_minutes).
    "syndication-poll-wires": {"task": "syndication.tasks.poll_wires", "every": 60},
    # syndication: pictures of embargoed stories made public when the embargo ends
    # (syndication/pictures.py; a task deferred to that time comes first).
    "syndication-release-pictures": {
        "task": "syndication.tasks.release_held_pictures",
        "every": 60,
    },
    # syndication: the usage log and finished webhook deliveries past their keeping time.
    "syndication-prune": {"task": "syndication.tasks.prune_records", "every": 86400},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a sign-in lands when its next= was refused as foreign (never /accounts/profile/, a 404).
LOGIN_REDIRECT_URL = "admin:index"

# The languages the newsroom publishes in (docs/architecture.md, "Languages"). The first is the
# default: its reader pages have no prefix; every other one's live under /<code>/. A story is
# written in one of them. Adding a language is an entry here and in NEWSROOM_LANGUAGES, and its
# catalogue in locale/<code>/ (make messages); no migration. Names are each language's own.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
# What each language needs beyond Django's own: the tag for <html lang> and hreflang, og:locale,
# PostgreSQL's text-search configuration for its stories (its built-in one where it has one,
# else "simple"; articles.search), and whether numbers on its pages are in its own digits.
NEWSROOM_LANGUAGES = {
    "en": {"tag": "en-IN", "og_locale": "en_IN", "search_config": "english"},
    "hi": {
        "tag": "hi-IN",
        "og_locale": "hi_IN",
        "search_config": "hindi",
        # Devanagari digits (२०२६) in dates and times on Hindi pages; most Hindi papers print
        # international digits online, so off unless set.
        "native_digits": os.environ.get("HINDI_NATIVE_DIGITS", "") == "1",
    },
}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private files (exports, receipts): never public. On disk they are served only through links
# signed by newsroom.storage that expire; on S3, through presigned URLs that expire.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
PRIVATE_URL_SECONDS = int(os.environ.get("PRIVATE_URL_SECONDS", "600"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "newsroom.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# images: uploads and renditions on S3-compatible object storage (README, "Media storage").
if os.environ.get("MEDIA_STORAGE", "").lower() == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    from botocore.config import Config

    _s3 = {
        "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,
        # An unreachable bucket fails a request (and /readyz) in seconds, not botocore's minutes.
        "client_config": Config(
            connect_timeout=3,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            signature_version="s3v4",
        ),
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Public, unsigned URLs: pictures are published material and pages are cached.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME") or _s3["bucket_name"],
            "location": os.environ.get("AWS_PRIVATE_LOCATION", "private"),
            "default_acl": "private",
            # Always signed, never through the public CDN domain, and expiring.
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": PRIVATE_URL_SECONDS,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
    # Credentials are read by boto3 from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or a role).
# Hashed file names never change, so browsers and CDNs may keep them for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

TAGGIT_CASE_INSENSITIVE = True
# Tags typed in the story form lose XML-invalid control characters before taggit looks them up.
TAGGIT_TAGS_FROM_STRING = "newsroom.text.parse_tags"

# Email through Django 6.1's MAILERS: SMTP in production or when EMAIL_HOST is set (a local relay
# by default), the console in development.
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newswire <desk@newswire.example>")
# Newsletters go through their own mailer when NEWSLETTER_EMAIL_BACKEND names one: a provider
# through django-anymail ("anymail.backends.amazon_ses.EmailBackend", "...postmark...") with its
# keys in ANYMAIL_* variables (ANYMAIL_POSTMARK_SERVER_TOKEN=...), or Django's SMTP backend
# towards a bulk relay. Otherwise they use the default mailer above.
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_MAILER = "default"
if os.environ.get("NEWSLETTER_EMAIL_BACKEND"):
    MAILERS["newsletters"] = {"BACKEND": os.environ["NEWSLETTER_EMAIL_BACKEND"]}
    NEWSLETTER_MAILER = "newsletters"
# django-anymail's settings, from ANYMAIL_<NAME> variables. WEBHOOK_SECRET ("user:password")
# guards the bounce and complaint webhooks (/newsletters/anymail/<provider>/tracking/) with HTTP
# basic auth, besides the provider's own signature where it signs (for example
# ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY); without it the webhook addresses answer 404.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The site's public address, for every absolute link: canonical, og: tags, JSON-LD, feeds,
# sitemaps, share links and emails. In development it follows the port `make run` serves
# (`PORT=8101 make run` passes PORT on), so all of a page's links agree; SITE_URL always wins.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    _port = "8000" if PRODUCTION else (os.environ.get("PORT", "").strip() or "8000")
    if not _port.isdigit():
        raise ImproperlyConfigured(f"PORT must be a port number, not {_port!r}.")
    SITE_URL = f"http://127.0.0.1:{_port}"
SITE_NAME = os.environ.get("SITE_NAME", "Newswire")
# syndication: stories and pictures are named `<base>:story:<id>` in what clients receive (ninjs
# uri, NewsML-G2 guid). Set once for the wire and never change it: clients key their copies on it.
SYNDICATION_URI_BASE = os.environ.get("SYNDICATION_URI_BASE", "urn:newswire").rstrip(":")
# Partner feeds and clients' webhooks are fetched from the public internet only
# (syndication/outbound.py); set to poll a feed on this machine while developing.
SYNDICATION_ALLOW_PRIVATE_URLS = env_bool("SYNDICATION_ALLOW_PRIVATE_URLS", False)
# How long the wire keeps who-took-what (usage log) and finished webhook deliveries.
SYNDICATION_USAGE_DAYS = int(os.environ.get("SYNDICATION_USAGE_DAYS", "400"))
SYNDICATION_DELIVERY_DAYS = int(os.environ.get("SYNDICATION_DELIVERY_DAYS", "30"))

# Donations (donations/gateways.py). "sandbox" is a local payment page for development and tests;
# production has no gateway (no giving online) until "stripe" or "razorpay" is chosen with its keys.
DONATIONS_GATEWAY = os.environ.get("DONATIONS_GATEWAY", "" if PRODUCTION else "sandbox").lower()
DONATIONS_GATEWAY_KEYS = {
    "stripe": ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
    "razorpay": ("RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET"),
}
if DONATIONS_GATEWAY not in {"", "sandbox", *DONATIONS_GATEWAY_KEYS}:
    raise ImproperlyConfigured(f"Unknown DONATIONS_GATEWAY {DONATIONS_GATEWAY!r}.")
if PRODUCTION and DONATIONS_GATEWAY == "sandbox":
    raise ImproperlyConfigured("The sandbox payment gateway takes no money; not in production.")
_missing = [n for n in DONATIONS_GATEWAY_KEYS.get(DONATIONS_GATEWAY, ()) if not os.environ.get(n)]
if _missing:
    raise ImproperlyConfigured(f"DONATIONS_GATEWAY needs: {', '.join(_missing)}")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
RAZORPAY_KEY_ID = os.environ.get("RAZORPAY_KEY_ID", "")
RAZORPAY_KEY_SECRET = os.environ.get("RAZORPAY_KEY_SECRET", "")
RAZORPAY_WEBHOOK_SECRET = os.environ.get("RAZORPAY_WEBHOOK_SECRET", "")
# 80G: the publisher's registration under section 80G of the Income-tax Act, as on its approval
# order. Without a registration number nothing about 80G shows (no PAN step, no 10BD export).
DONATIONS_80G = {
    "registration_number": os.environ.get("DONATIONS_80G_URN", "").strip(),
    "registration_date": os.environ.get("DONATIONS_80G_URN_DATE", "").strip(),
    "valid_until": os.environ.get("DONATIONS_80G_VALID_UNTIL", "").strip(),
    "pan": os.environ.get("DONATIONS_80G_PAN", "").strip(),
    "name": os.environ.get("DONATIONS_80G_NAME", "").strip() or SITE_NAME,
    "address": os.environ.get("DONATIONS_80G_ADDRESS", "").strip(),
}
# Fernet keys (comma-separated, the first encrypts) for donors' PANs (donations/pan.py).
DONATIONS_PAN_KEYS = env_list("DONATIONS_PAN_KEYS")
# The font of receipt PDFs (donations/receipt_pdf.py), with its "-Bold" twin beside it.
DONATIONS_RECEIPT_FONT = os.environ.get(
    "DONATIONS_RECEIPT_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
if PRODUCTION and DONATIONS_80G["registration_number"] and not DONATIONS_PAN_KEYS:
    raise ImproperlyConfigured("An 80G registration needs DONATIONS_PAN_KEYS to keep PANs.")
# Browsers apply form-action to the redirect after the donation form, so the hosted checkout's
# origin must be allowed, and only when that gateway is in use.
DONATIONS_CHECKOUT_ORIGINS = {
    "stripe": ["https://checkout.stripe.com"],
    "razorpay": ["https://rzp.io", "https://razorpay.com"],
}.get(DONATIONS_GATEWAY, [])

# Security headers. A strict policy: no inline script or style anywhere. The nonce is only added
# to the header on responses that use it (the admin's editor import map).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("MEDIA_ORIGIN")],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    # Live entries' embedded posts, framed only when a reader clicks "Load the post here"
    # (live/embeds.py FRAME_ORIGINS; a test keeps the two the same). No script from them.
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.instagram.com",
        "https://platform.twitter.com",
    ],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, *env_list("CSP_FORM_ACTION_EXTRA"), *DONATIONS_CHECKOUT_ORIGINS],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A form that fails the CSRF check gets a page in the reader's words (newsroom/cached_forms.py).
CSRF_FAILURE_VIEW = "newsroom.cached_forms.csrf_failure"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the nodes over plain HTTP (newsroom/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Brute force: django-axes counts failed sign-ins per username and address together, in the
# database (not the cache), so every gunicorn worker and machine sees the same count, and a Redis
# outage cannot lift a lockout. Its backend comes first, so it guards every authenticate() call:
# the admin's login, the dashboard's, any other. (authenticate() must then be given the request;
# tests sign in with force_login.)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.lockout.lockout_response"
# Behind a reverse proxy, set NUM_PROXIES to the number of proxies in front of gunicorn: the
# client address is then read from X-Forwarded-For, counted from the right (the part a client
# cannot forge). Axes and the rate limits use this one function, so they agree on who the client
# is; it takes the place of axes' AXES_IPWARE_PROXY_COUNT and AXES_IPWARE_META_PRECEDENCE_ORDER
# (django-ipware is not installed). With NUM_PROXIES=0, the default, only REMOTE_ADDR is trusted.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
# Searches per client address (search is the one reader page that can't be served from a cache).
SEARCH_RATE_LIMIT = os.environ.get("SEARCH_RATE_LIMIT", "30/m")
AXES_CLIENT_IP_CALLABLE = "newsroom.http.client_address"

# Logs: one JSON object per line on standard output, secrets and addresses redacted (see
# newsroom/logging.py); one line per request from newsroom.middleware.RequestLogMiddleware.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "newsroom.logging.RequestIdFilter"},
        "redact": {"()": "newsroom.logging.RedactingFilter"},
    },
    "formatters": {
        "json": {"()": "newsroom.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id", "redact"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler only speaks under DEBUG; send everything through ours once.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # The request middleware logs each request once; runserver's own line would repeat it.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Web Push for readers who follow a live story or breaking news (live/push.py). A key pair from
# `manage.py vapid_keys`; without one the "Follow" buttons are not shown and nothing is sent.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:desk@example.org")
