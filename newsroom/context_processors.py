from django.conf import settings
from django.utils import timezone

from .languages import current_language, language_info
from .models import SiteSettings


def site(request):
    return {
        "site_settings": SiteSettings.current(),
        "now": timezone.now(),
        # The page's language (code, name, tag for lang= and hreflang, og_locale): its address's.
        "page_language": language_info(current_language()),
        # For passages in the default language on another language's page (staff-written site
        # copy such as the tagline): lang="{{ site_language_tag }}".
        "site_language_tag": language_info(settings.LANGUAGE_CODE)["tag"],
    }
