from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/new/", views.comment_new, name="new"),
    path("<int:article_id>/post/", views.comment_post, name="post"),
    path("<int:article_id>/held/", views.comment_held, name="held"),
]
