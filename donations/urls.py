from django.urls import path

from newsroom.cache import cached_page

from . import views

app_name = "donations"

urlpatterns = [
    # Cached for readers: its form fetches a CSRF token before sending (newsroom/cached_forms.py).
    path("", cached_page(views.support, query=["amount", "frequency"]), name="support"),
    path("thanks/<uuid:uuid>/", views.thanks, name="thanks"),
    path("sandbox/<uuid:uuid>/", views.sandbox_pay, name="sandbox_pay"),
    path("webhooks/<slug:gateway_name>/", views.webhook, name="webhook"),
]
