from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.support, name="support"),
    path("thanks/<uuid:uuid>/", views.thanks, name="thanks"),
    path("sandbox/<uuid:uuid>/", views.sandbox_pay, name="sandbox_pay"),
    path("webhooks/<slug:gateway_name>/", views.webhook, name="webhook"),
]
