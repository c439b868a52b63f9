"""The benchmark's URLconf: the product's pages, plus /__bench__/baseline/ in front of them."""

from django.urls import include, path

from .views import baseline

urlpatterns = [
    path("__bench__/baseline/", baseline),
    path("", include("newsroom.urls")),
]
