from django.utils import timezone

from .models import SiteSettings


def site(request):
    return {"site_settings": SiteSettings.for_pages(), "now": timezone.now()}
