"""`/islands/`: every live island's endpoint (newsroom/islands.py)."""

from django.urls import path

from .islands import island_view

app_name = "islands"

urlpatterns = [
    path("<slug:name>/", island_view, name="island"),
    path("<slug:name>/<slug:key>/", island_view, name="keyed"),
]
