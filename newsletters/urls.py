from django.urls import path

from newsroom.cache import cached_page

from . import views
from .invalidation import NEWSLETTERS_TAG

app_name = "newsletters"

urlpatterns = [
    path("", cached_page(views.index, depends_on=[NEWSLETTERS_TAG]), name="index"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("opened/<str:token>/", views.opened, name="opened"),
    path("appeal/<str:token>/", views.appeal, name="appeal"),
]
