from django.utils import timezone

from .models import SiteSettings


def site(request):
    return {"site_settings": SiteSettings.current(), "now": timezone.now()}
