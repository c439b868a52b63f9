import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Production refuses to start on a per-process cache (newsroom/checks.py): its workers would each
# serve their own stale copy of a takedown.
from django.conf import settings  # noqa: E402 - after the settings are configured

if settings.PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    from newsroom.checks import per_process_cache_in_production

    if errors := per_process_cache_in_production():
        raise ImproperlyConfigured(errors[0].msg)
