"""Who may open which dashboard page and press which button: every URL for every role."""

import pytest
from django.urls import reverse

from articles.tests.factories import make_article, make_member, make_staff, make_story
from comments.models import Comment
from comments.tests.factories import make_comment
from live.models import LiveEntry
from live.tests.factories import make_coverage, make_entry
from newsroom import roles
from ticker.models import TickerItem
from ticker.services import ticker_item_create

pytestmark = pytest.mark.django_db

ANONYMOUS, NOT_STAFF = "anonymous", "not staff"
WHO = [ANONYMOUS, NOT_STAFF, roles.REPORTER, roles.EDITOR, roles.MODERATOR, roles.FUNDRAISING]

# (url name, args from the fixture, method, the roles that may)
DESK = {roles.EDITOR}
COMMENTS = {roles.MODERATOR}
APPEAL = {roles.FUNDRAISING}
# Reporters have one panel, their inbox (notifications of their stories), so the landing page too.
ANY_PANEL = {roles.REPORTER, roles.EDITOR, roles.MODERATOR, roles.FUNDRAISING}
WRITERS = {roles.REPORTER, roles.EDITOR}  # the Wire panel: whoever may start a story
# Reporters post live updates from the scene; the desk starts and ends the coverage.
LIVE_WRITERS = {roles.REPORTER, roles.EDITOR}
PAGES = [
    ("index", None, ANY_PANEL),
    ("inbox", None, WRITERS),
    ("queue", None, DESK),
    ("scheduled", None, DESK),
    ("published", None, DESK),
    ("comments", None, COMMENTS),
    ("comment", "comment", COMMENTS),
    ("ticker", None, DESK),
    ("appeal", None, APPEAL),
    ("audit", None, DESK),
    ("newsletters", None, DESK | APPEAL),
    ("wire", None, WRITERS),
    ("live", None, LIVE_WRITERS),
    ("live_coverage", "coverage", LIVE_WRITERS),
]
ACTIONS = [
    ("article_publish", "article", DESK),
    ("article_schedule", "article", DESK),
    ("article_return", "article", DESK),
    ("comment_moderate", "approve", COMMENTS),
    ("comments_bulk", None, COMMENTS),
    ("ticker_add", None, DESK),
    ("ticker_expire", "item", DESK),
    ("inbox_read", None, WRITERS),
    ("live_start", None, DESK),
    ("live_post", "coverage", LIVE_WRITERS),
    ("live_end", "coverage", DESK),
    ("live_entry_pin", "entry", LIVE_WRITERS),
    ("live_entry_promote", "entry", LIVE_WRITERS),
    ("live_entry_ticker", "entry", DESK),
    ("live_entry_delete", "entry", LIVE_WRITERS),
]


@pytest.fixture
def objects():
    editor = make_member("desk-owner", roles.EDITOR)
    story = make_story(status="in_review")
    comment = make_comment(article=make_article())
    item = ticker_item_create(actor=editor, text="Monsoon reaches Kerala")
    coverage = make_coverage(actor=editor)
    entry = make_entry(coverage=coverage, actor=editor, title="Rain in Kochi")
    return {
        "article": story,
        "comment": comment,
        "item": item,
        "coverage": coverage,
        "entry": entry,
    }


def _args(kind, objects):
    if kind is None:
        return []
    if kind == "approve":
        return [objects["comment"].pk, "approve"]
    return [objects[kind].pk]


def _sign_in(client, who):
    if who == ANONYMOUS:
        return
    if who == NOT_STAFF:
        client.force_login(make_staff("reader-account", is_staff=False))
        return
    client.force_login(make_member(f"{who.lower()}-user", who))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "kind", "allowed"), PAGES, ids=[row[0] for row in PAGES])
def test_pages(client, objects, who, name, kind, allowed):
    _sign_in(client, who)
    url = reverse(f"dashboard:{name}", args=_args(kind, objects))
    response = client.get(url)
    if who == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"
    elif who in allowed:
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "kind", "allowed"), ACTIONS, ids=[row[0] for row in ACTIONS])
def test_actions(client, objects, who, name, kind, allowed):
    _sign_in(client, who)
    url = reverse(f"dashboard:{name}", args=_args(kind, objects))
    comment_status = objects["comment"].status
    response = client.post(url, {})
    if who == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    elif who in allowed:
        # Permitted: the action runs (an empty form is refused with 400, never a 403 or a 500).
        assert response.status_code in {302, 400}
        assert client.get(url).status_code == 405
    else:
        assert response.status_code == 403
        assert Comment.objects.get().status == comment_status
        assert TickerItem.objects.live().count() == 1
        assert LiveEntry.objects.filter(pk=objects["entry"].pk, pinned=False).exists()


def test_a_superuser_sees_every_panel(client):
    client.force_login(make_staff("chief", is_superuser=True))
    html = client.get(reverse("dashboard:index")).content.decode()
    for heading in ("Editorial queue", "Comments awaiting", "Live ticker", "Live appeal", "audit"):
        assert heading in html


def test_each_role_sees_only_its_panels(client):
    client.force_login(make_member("mod", roles.MODERATOR))
    comment = make_comment()
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Comments awaiting moderation" in html
    # The landing page's queue has the buttons and the bulk actions, as the full page does.
    for action in ("approve", "reject", "spam"):
        url = reverse("dashboard:comment_moderate", args=[comment.pk, action])
        assert f'formaction="{url}"' in html
        assert f'<option value="{action}">' in html
    for other in ("Editorial queue", "Live ticker", "Live appeal", "Latest in the audit log"):
        assert other not in html
    assert reverse("dashboard:appeal") not in html


def test_an_editor_without_ticker_add_gets_no_quick_add_and_may_not_post_it(client):
    from django.contrib.auth.models import Permission

    user = make_staff("expirer")
    user.user_permissions.add(
        Permission.objects.get(codename="change_tickeritem", content_type__app_label="ticker")
    )
    client.force_login(user)
    page = client.get(reverse("dashboard:ticker"))
    assert page.status_code == 200
    assert "Quick add" not in page.content.decode()
    assert client.post(reverse("dashboard:ticker_add"), {"text": "x"}).status_code == 403
    assert not TickerItem.objects.exists()


def test_the_admin_sign_in_leads_back_to_the_dashboard(client):
    make_member("moderator-login", roles.MODERATOR)
    response = client.post(
        "/admin/login/?next=/dashboard/",
        {"username": "moderator-login", "password": "pw-for-tests", "next": "/dashboard/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_a_foreign_next_is_ignored(client):
    client.force_login(make_member("mod-next", roles.MODERATOR))
    comment = make_comment()
    response = client.post(
        reverse("dashboard:comment_moderate", args=[comment.pk, "approve"]),
        {"next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:comments")


def test_an_unknown_moderation_action_is_a_404(client):
    client.force_login(make_member("mod-404", roles.MODERATOR))
    comment = make_comment()
    url = reverse("dashboard:comment_moderate", args=[comment.pk, "delete"])
    assert client.post(url).status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_page_past_the_end_or_not_a_number_is_a_404(client):
    client.force_login(make_member("mod-pages", roles.MODERATOR))
    assert client.get(reverse("dashboard:comments") + "?page=2").status_code == 404
    assert client.get(reverse("dashboard:comments") + "?page=x").status_code == 404
