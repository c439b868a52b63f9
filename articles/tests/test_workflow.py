from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from newsroom.cache import SITE, STORIES, invalidate
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, REPORTER
from newsroom.services import audit_entries_for
from tests.visible import visible_text

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db

DRAFT = Article.Status.DRAFT
IN_REVIEW = Article.Status.IN_REVIEW
PUBLISHED = Article.Status.PUBLISHED
ARCHIVED = Article.Status.ARCHIVED


@pytest.fixture
def reporter():
    return make_member("reporter", REPORTER)


@pytest.fixture
def editor():
    return make_member("editor", EDITOR)


def _story(state, by):
    """An article in one of the workflow states (scheduled = published with a future time)."""
    if state == "scheduled":
        return make_story(by=by, status=PUBLISHED, publish_at=timezone.now() + timedelta(hours=3))
    if state == "published":
        return make_story(by=by, status=PUBLISHED)
    return make_story(by=by, status=state)


def _soon():
    return timezone.now() + timedelta(days=1)


# (move, from state, who) -> resulting state, for every legal move.
LEGAL = [
    ("submit", "draft", "reporter", "in_review"),
    ("submit", "draft", "editor", "in_review"),
    ("return", "in_review", "editor", "draft"),
    ("return", "scheduled", "editor", "draft"),
    ("publish", "draft", "editor", "published"),
    ("publish", "in_review", "editor", "published"),
    ("publish", "scheduled", "editor", "published"),
    ("publish", "archived", "editor", "published"),
    ("schedule", "draft", "editor", "scheduled"),
    ("schedule", "in_review", "editor", "scheduled"),
    ("schedule", "scheduled", "editor", "scheduled"),
    ("schedule", "archived", "editor", "scheduled"),
    ("archive", "published", "editor", "archived"),
    ("archive", "scheduled", "editor", "archived"),
    ("archive", "in_review", "editor", "archived"),
    ("archive", "draft", "editor", "archived"),
]


def _call(move, actor, article, note="A note for the record"):
    if move == "submit":
        return services.article_submit(actor=actor, article=article, note=note)
    if move == "return":
        return services.article_return(actor=actor, article=article, note=note)
    if move == "publish":
        return services.article_publish(actor=actor, article=article, note=note)
    if move == "schedule":
        return services.article_schedule(
            actor=actor, article=article, publish_at=_soon(), note=note
        )
    return services.article_archive(actor=actor, article=article, note=note)


@pytest.mark.parametrize(("move", "from_state", "who", "to_state"), LEGAL)
def test_legal_moves_change_state_and_leave_an_audit_entry(
    reporter, editor, move, from_state, who, to_state
):
    actor = {"reporter": reporter, "editor": editor}[who]
    article = _story(from_state, by=reporter)
    _call(move, actor, article)
    article.refresh_from_db()
    assert services.article_state(article) == to_state
    entry = audit_entries_for(article).get()
    assert entry.actor == actor
    assert entry.actor_name == actor.username
    assert (entry.from_state, entry.to_state) == (from_state, to_state)
    assert entry.note == "A note for the record"
    assert entry.object_repr == article.headline


# (move, from state, who) -> the words the person is shown.
ILLEGAL = [
    ("publish", "draft", "reporter", "Only an editor can publish"),
    ("publish", "in_review", "reporter", "Only an editor can publish"),
    ("schedule", "draft", "reporter", "Only an editor can schedule"),
    ("archive", "published", "reporter", "Only an editor can unpublish"),
    ("return", "in_review", "reporter", "Only an editor can return"),
    ("submit", "in_review", "reporter", "only submit your own drafts"),
    ("submit", "in_review", "editor", "is in review, so it cannot be submitted"),
    ("submit", "published", "editor", "is published, so it cannot be submitted"),
    ("publish", "published", "editor", "is published, so it cannot be published"),
    ("return", "draft", "editor", "is draft, so it cannot be returned"),
    ("return", "published", "editor", "is published, so it cannot be returned"),
    ("archive", "archived", "editor", "is archived, so it cannot be archived"),
]


@pytest.mark.parametrize(("move", "from_state", "who", "message"), ILLEGAL)
def test_illegal_moves_are_refused_with_a_reason_and_change_nothing(
    reporter, editor, move, from_state, who, message
):
    actor = {"reporter": reporter, "editor": editor}[who]
    article = _story(from_state, by=reporter)
    before = (article.status, article.publish_at)
    with pytest.raises(services.WorkflowError, match=message):
        _call(move, actor, article)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == before
    assert not AuditEntry.objects.exists()


def test_reporter_cannot_submit_someone_elses_draft(reporter, editor):
    other = make_member("other", REPORTER)
    article = _story("draft", by=other)
    with pytest.raises(services.WorkflowError, match="own drafts"):
        services.article_submit(actor=reporter, article=article)


def test_returning_needs_a_note(editor, reporter):
    article = _story("in_review", by=reporter)
    with pytest.raises(services.WorkflowError, match="needs a note"):
        services.article_return(actor=editor, article=article, note="   ")
    article.refresh_from_db()
    assert article.status == IN_REVIEW


def test_scheduling_needs_a_future_time(editor, reporter):
    article = _story("in_review", by=reporter)
    with pytest.raises(services.WorkflowError, match="must be in the future"):
        services.article_schedule(
            actor=editor, article=article, publish_at=timezone.now() - timedelta(minutes=1)
        )


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"headline": "  "}, "a headline"),
        ({"body": "<p>  </p>"}, "body text"),
    ],
)
def test_publishing_an_unfinished_draft_says_what_is_missing(editor, reporter, fields, missing):
    article = make_story(by=reporter, **fields)
    expected = f"not ready to be published: it needs {missing}"
    with pytest.raises(services.WorkflowError, match=expected):
        services.article_publish(actor=editor, article=article)
    article.refresh_from_db()
    assert article.status == DRAFT


def test_publishing_without_a_byline_is_refused(editor, reporter):
    article = make_story(by=reporter)
    article.authors.clear()
    with pytest.raises(services.WorkflowError, match="at least one author"):
        services.article_publish(actor=editor, article=article)


def test_publishing_a_draft_that_fails_validation_is_refused(editor, reporter):
    article = make_story(by=reporter)
    # Written around the form's validation, as an import or a script might.
    Article.objects.filter(pk=article.pk).update(slug="not a valid slug!")
    with pytest.raises(services.WorkflowError, match="does not validate"):
        services.article_publish(actor=editor, article=article)


def test_publish_goes_live_now_and_readers_see_it(client, editor, reporter):
    article = _story("in_review", by=reporter)
    assert client.get(article.get_absolute_url()).status_code == 404
    services.article_publish(actor=editor, article=article)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_archiving_takes_a_story_off_the_site_and_keeps_its_time(client, editor, reporter):
    article = _story("published", by=reporter)
    went_out = Article.objects.get(pk=article.pk).publish_at
    services.article_archive(actor=editor, article=article)
    article.refresh_from_db()
    assert article.publish_at == went_out
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unscheduling_by_archive_forgets_the_time_it_never_went_out(editor, reporter):
    article = _story("scheduled", by=reporter)
    services.article_archive(actor=editor, article=article)
    article.refresh_from_db()
    assert article.publish_at is None


def test_deleting_records_who_and_the_entry_outlives_the_article(editor, reporter):
    article = _story("published", by=reporter)
    pk, headline = article.pk, article.headline
    services.article_delete(actor=editor, article=article)
    assert not Article.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="deleted")
    assert (entry.object_id, entry.object_repr, entry.from_state) == (pk, headline, "published")
    assert entry.actor == editor


def test_reporter_cannot_delete_through_the_service(reporter):
    article = _story("draft", by=reporter)
    with pytest.raises(services.WorkflowError, match="Only an editor can delete"):
        services.article_delete(actor=reporter, article=article)
    assert Article.objects.filter(pk=article.pk).exists()


# --- Through the admin's buttons --------------------------------------------------------------


def _form(article, **extra):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "dateline_place": "",
        # The corrections inline, as the page sends it (none added).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        # The body pictures' inline, as the page sends it (none placed).
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_change_form_shows_each_user_only_the_buttons_they_may_press(client, reporter, editor):
    draft = _story("draft", by=reporter)
    client.force_login(reporter)
    html = client.get(_change_url(draft)).content.decode()
    assert 'value="submit"' in html
    for move in ["publish", "schedule", "return", "archive"]:
        assert f'value="{move}"' not in html
    client.force_login(editor)
    html = client.get(_change_url(draft)).content.decode()
    for move in ["submit", "publish", "schedule", "archive"]:
        assert f'value="{move}"' in html
    assert 'value="return"' not in html  # nothing to return: it is still a draft
    in_review = _story("in_review", by=reporter)
    html = client.get(_change_url(in_review)).content.decode()
    assert 'value="return"' in html
    assert 'value="submit"' not in html


def test_reporter_saves_and_submits_from_the_change_form(client, reporter):
    draft = _story("draft", by=reporter)
    client.force_login(reporter)
    response = client.post(
        _change_url(draft), _form(draft, headline="Final headline", _workflow="submit")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.headline, draft.status) == ("Final headline", IN_REVIEW)
    assert audit_entries_for(draft).get().action == "submitted"


def test_reporter_forging_a_publish_button_gets_a_message_not_a_publication(client, reporter):
    draft = _story("draft", by=reporter)
    client.force_login(reporter)
    response = client.post(_change_url(draft), _form(draft, _workflow="publish"), follow=True)
    assert response.status_code == 200
    assert "Only an editor can publish articles." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DRAFT


def test_editor_returns_with_a_note_and_the_reporter_reads_it(client, reporter, editor):
    in_review = _story("in_review", by=reporter)
    client.force_login(editor)
    response = client.post(
        _change_url(in_review),
        _form(in_review, _workflow="return", _workflow_note="Needs a second source."),
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == DRAFT
    client.force_login(reporter)
    html = client.get(_change_url(in_review)).content.decode()
    assert "Returned by editor:" in html
    assert "Workflow: Returned to the reporter" in html
    assert "Needs a second source." in html
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Returned to the reporter" in changelist


def test_return_without_a_note_is_shown_as_an_error(client, reporter, editor):
    in_review = _story("in_review", by=reporter)
    client.force_login(editor)
    data = _form(in_review, _workflow="return")
    response = client.post(_change_url(in_review), data, follow=True)
    assert response.status_code == 200
    assert "a returned article needs a note" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == IN_REVIEW


def test_editor_schedules_with_a_time_in_ist(client, reporter, editor):
    in_review = _story("in_review", by=reporter)
    client.force_login(editor)
    local = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    response = client.post(
        _change_url(in_review),
        _form(
            in_review,
            _workflow="schedule",
            _workflow_publish_at=local.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.is_scheduled
    assert in_review.publish_at == local


@pytest.mark.parametrize("value", ["", "tomorrow", "2026-13-45T99:99"])
def test_schedule_with_a_bad_time_is_a_message(client, reporter, editor, value):
    in_review = _story("in_review", by=reporter)
    client.force_login(editor)
    response = client.post(
        _change_url(in_review),
        _form(in_review, _workflow="schedule", _workflow_publish_at=value),
        follow=True,
    )
    assert "Give the date and time to publish at" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == IN_REVIEW


def test_the_article_page_shows_its_audit_log(client, reporter, editor):
    article = _story("in_review", by=reporter)
    services.article_publish(actor=editor, article=article, note="Cleared by legal")
    client.force_login(editor)
    html = client.get(_change_url(article)).content.decode()
    assert 'class="audit-table"' in html
    assert "Cleared by legal" in html
    assert "In review → Published" in html
    assert '<th scope="col">When (IST)</th>' in html


def test_the_audit_log_on_the_article_page_escapes_what_people_typed(client, reporter, editor):
    article = _story("in_review", by=reporter)
    services.article_publish(actor=editor, article=article, note="<b>bold</b> claim")
    client.force_login(editor)
    html = client.get(_change_url(article)).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in html
    assert "<b>bold</b>" not in html


def test_bulk_publish_reports_what_could_not_be_published(client, reporter, editor):
    ready = _story("in_review", by=reporter)
    unfinished = make_story(by=reporter, status=IN_REVIEW, body="<p> </p>")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [ready.pk, unfinished.pk],
            "post": "yes",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "1 published." in html
    assert "it needs body text" in html
    ready.refresh_from_db()
    unfinished.refresh_from_db()
    assert (ready.status, unfinished.status) == (PUBLISHED, IN_REVIEW)


@pytest.mark.parametrize(
    ("action", "question", "button"),
    [
        ("publish_selected", "Readers will see them at once", "Yes, publish them now"),
        ("archive_selected", "will find nothing there", "Yes, unpublish / archive them"),
    ],
)
def test_bulk_publish_and_unpublish_ask_first_naming_count_and_titles(
    client, reporter, editor, action, question, button
):
    first = make_story(by=reporter, status=IN_REVIEW, headline="Dam gates opened")
    second = make_story(by=reporter, status=IN_REVIEW, headline="Schools shut in Pune")
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    response = client.post(
        changelist, {"action": action, "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "2 articles are selected." in text
    assert "“Dam gates opened”" in text
    assert "“Schools shut in Pune”" in text
    assert question in text
    assert button in text
    first.refresh_from_db()
    assert first.status == IN_REVIEW  # nothing moved on the first press
    assert not audit_entries_for(first).exists()
    response = client.post(
        changelist,
        {"action": action, "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status != IN_REVIEW


def test_reporter_is_not_offered_the_desks_bulk_actions(client, reporter, editor):
    _story("draft", by=reporter)
    client.force_login(reporter)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "submit_selected" in html
    assert "publish_selected" not in html
    assert "archive_selected" not in html
    assert "delete_selected" not in html


def test_deleting_in_the_admin_goes_through_the_audit_log(client, reporter, editor):
    article = _story("published", by=reporter)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="deleted", object_id=article.pk).exists()


def test_changelist_queries_do_not_grow_with_the_number_of_articles(client, reporter, editor):
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    services.article_submit(actor=reporter, article=_story("draft", by=reporter))

    def count():
        # Each count right after a change, as the second one is: the same per-version reads.
        invalidate(SITE, STORIES)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # warm the content-type and site-settings caches both times alike
    with_one = count()
    for _ in range(12):
        article = _story("in_review", by=reporter)
        services.article_return(actor=editor, article=article, note="More")
    assert count() == with_one


def test_changelist_filters_returned_and_scheduled_articles(client, reporter, editor):
    returned = make_story(by=reporter, status=IN_REVIEW, headline="Sent back story")
    services.article_return(actor=editor, article=returned, note="Fix the intro")
    make_story(by=reporter, headline="Plain draft story")
    make_story(
        by=reporter,
        status=PUBLISHED,
        publish_at=timezone.now() + timedelta(hours=3),
        headline="Later story",
    )
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    html = client.get(url, {"workflow": "returned"}).content.decode()
    assert "Sent back story" in html
    assert "Plain draft story" not in html
    html = client.get(url, {"workflow": "scheduled"}).content.decode()
    assert "Later story" in html
    assert "Sent back story" not in html
