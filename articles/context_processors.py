from .models import Section


def navigation(request):
    """The sections in the navigation bar of every page (read lazily, once per content version)."""
    return {"navigation_sections": Section.objects.navigation}
