from django.http import Http404
from django.shortcuts import render

from .models import SiteSettings


def about(request):
    return _site_page(request, "About us", SiteSettings.current().about)


def _site_page(request, title, text):
    if not text.strip():
        raise Http404("This page has not been written yet.")
    return render(request, "newsroom/page.html", {"title": title, "text": text})
