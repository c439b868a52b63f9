from .models import Section


def navigation(request):
    """The sections in the navigation bar of every page (read lazily: pages that do not show it
    pay nothing)."""
    return {"navigation_sections": Section.objects.navigation}
