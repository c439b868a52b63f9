"""Under /admin/, before the admin's own URLs: its sign-in, then each role to its panels."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.admin_login, name="admin-login"),
]
