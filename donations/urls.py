from django.urls import path

from newsroom.cache import cached_page

from . import views

app_name = "donations"

urlpatterns = [
    # Cached for readers: its form fetches a CSRF token before sending (newsroom/cached_forms.py).
    path(
        "",
        cached_page(views.support, query=["amount", "frequency", "story", "variant"]),
        name="support",
    ),
    path("thanks/<uuid:uuid>/", views.thanks, name="thanks"),
    path("sandbox/<uuid:uuid>/", views.sandbox_pay, name="sandbox_pay"),
    path("webhooks/<slug:gateway_name>/", views.webhook, name="webhook"),
    # "My giving": never cached, opened by a one-use link sent by e-mail.
    path("my-giving/", views.giving, name="giving"),
    path("my-giving/open/<str:token>/", views.giving_open, name="giving_open"),
    path("my-giving/gifts/", views.giving_gifts, name="giving_gifts"),
    path("my-giving/gifts/<uuid:uuid>/", views.giving_change, name="giving_change"),
    path("my-giving/receipts/<uuid:uuid>/", views.giving_receipt, name="giving_receipt"),
    path("my-giving/80g/", views.giving_tax_details, name="giving_tax_details"),
    path(
        "my-giving/certificates/<uuid:uuid>/", views.giving_certificate, name="giving_certificate"
    ),
    path("my-giving/leave/", views.giving_leave, name="giving_leave"),
]
