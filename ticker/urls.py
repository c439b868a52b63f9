from django.urls import path

from . import views

app_name = "ticker"

urlpatterns = [
    path("strip/", views.strip, name="strip"),
]
