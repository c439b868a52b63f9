from django.http import HttpResponse


def baseline(request):
    """Does no work: the ceiling for this machine, behind the same middleware as every page."""
    return HttpResponse(b"ok", content_type="text/plain")
