from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read, name="inbox_read"),
    path("queue/", views.queue, name="queue"),
    path("scheduled/", views.scheduled, name="scheduled"),
    path("published/", views.published, name="published"),
    path("articles/<int:pk>/publish/", views.article_publish_view, name="article_publish"),
    path("articles/<int:pk>/schedule/", views.article_schedule_view, name="article_schedule"),
    path("articles/<int:pk>/return/", views.article_return_view, name="article_return"),
    path("comments/", views.comments, name="comments"),
    path("comments/bulk/", views.comments_bulk, name="comments_bulk"),
    path("comments/<int:pk>/", views.comment_detail, name="comment"),
    path("comments/<int:pk>/<slug:action>/", views.comment_moderate, name="comment_moderate"),
    path("ticker/", views.ticker, name="ticker"),
    path("ticker/add/", views.ticker_add, name="ticker_add"),
    path("ticker/<int:pk>/expire/", views.ticker_expire, name="ticker_expire"),
    path("live/", views.live, name="live"),
    path("live/start/", views.live_start, name="live_start"),
    path("live/<int:pk>/", views.live_coverage, name="live_coverage"),
    path("live/<int:pk>/post/", views.live_post, name="live_post"),
    path("live/<int:pk>/end/", views.live_end, name="live_end"),
    path("live/entries/<int:pk>/pin/", views.live_entry_pin, name="live_entry_pin"),
    path("live/entries/<int:pk>/delete/", views.live_entry_delete, name="live_entry_delete"),
    path("live/entries/<int:pk>/promote/", views.live_entry_promote, name="live_entry_promote"),
    path("live/entries/<int:pk>/ticker/", views.live_entry_ticker, name="live_entry_ticker"),
    path("appeal/", views.appeal, name="appeal"),
    path("audit/", views.audit, name="audit"),
    path("newsletters/", views.newsletters, name="newsletters"),
    path("wire/", views.wire, name="wire"),
    path("wire/<int:pk>/draft/", views.wire_draft, name="wire_draft"),
]
