from django.utils import timezone

from articles.models import Section

from .models import SiteSettings


def site(request):
    return {
        "site_settings": SiteSettings.for_pages(),
        "navigation_sections": Section.objects.navigation,
        "now": timezone.now(),
    }
