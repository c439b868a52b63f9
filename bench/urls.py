"""The benchmark's URLconf: the product's pages, plus /__bench__/baseline/ in front of them."""

from django.urls import path

import newsroom.urls

from .views import baseline

urlpatterns = [
    path("__bench__/baseline/", baseline),
    # The site's own patterns, not include(): its i18n_patterns must be at the root.
    *newsroom.urls.urlpatterns,
]
