from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, LiveStatus
from articles.tests.factories import make_article, make_staff
from live.models import LiveEntry
from live.selectors import coverage_for_readers
from live.services import (
    coverage_delete,
    coverage_end,
    coverage_start,
    entry_delete,
    entry_edit,
    entry_pin,
    entry_post,
)
from newsroom.models import AuditEntry

from .factories import make_coverage, make_entry

pytestmark = pytest.mark.django_db


def test_entries_come_newest_first_with_the_pinned_one_apart():
    coverage = make_coverage()
    now = timezone.now()
    first = make_entry(coverage=coverage, title="First", posted_at=now - timedelta(minutes=30))
    second = make_entry(coverage=coverage, title="Second", posted_at=now - timedelta(minutes=20))
    third = make_entry(coverage=coverage, title="Third", posted_at=now - timedelta(minutes=10))
    entry_pin(entry=first, actor=make_staff())
    view = coverage_for_readers(coverage.article_id)
    assert view.pinned.pk == first.pk
    assert [entry.pk for entry in view.entries] == [third.pk, second.pk]
    assert view.count == 3
    assert view.latest.pk == third.pk


def test_pinning_another_entry_unpins_the_first():
    coverage = make_coverage()
    one = make_entry(coverage=coverage, pinned=True)
    two = make_entry(coverage=coverage)
    entry_pin(entry=two, actor=None)
    assert list(LiveEntry.objects.filter(pinned=True)) == [two]
    one.refresh_from_db()
    assert not one.pinned


def test_the_database_refuses_two_pinned_entries():
    coverage = make_coverage()
    make_entry(coverage=coverage, pinned=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveEntry.objects.create(coverage=coverage, title="Also pinned", pinned=True)


def test_an_entry_with_nothing_to_show_is_refused():
    coverage = make_coverage()
    with pytest.raises(ValidationError, match="needs something to show"):
        entry_post(coverage=coverage, actor=None, body="<p> </p>")
    with pytest.raises(ValidationError):
        entry_post(coverage=coverage, actor=None, quote_source="The minister")


def test_entry_text_is_sanitised():
    coverage = make_coverage()
    entry = make_entry(
        coverage=coverage,
        body='<p onclick="x()">Hi<script>alert(1)</script> <strong>there</strong></p>',
    )
    entry.refresh_from_db()
    assert "script" not in entry.body
    assert "onclick" not in entry.body
    assert "<strong>there</strong>" in entry.body


def test_starting_and_ending_marks_the_story_and_is_audited():
    desk = make_staff("desk")
    article = make_article()
    coverage = coverage_start(article=article, actor=desk)
    assert Article.objects.get(pk=article.pk).live_status == LiveStatus.LIVE
    assert coverage_start(article=article, actor=desk) == coverage  # once per story
    with pytest.raises(ValidationError, match="summary"):
        coverage_end(coverage=coverage, summary="<p></p>", actor=desk)
    coverage_end(coverage=coverage, summary="<p>It is over.</p>", actor=desk)
    assert Article.objects.get(pk=article.pk).live_status == LiveStatus.ENDED
    with pytest.raises(ValidationError, match="ended"):
        entry_post(coverage=coverage, actor=desk, title="Too late")
    actions = list(
        AuditEntry.objects.filter(object_id=coverage.pk).values_list("action", "actor_name")
    )
    assert ("started", "desk") in actions
    assert ("ended", "desk") in actions
    coverage_delete(coverage=coverage, actor=desk)
    assert Article.objects.get(pk=article.pk).live_status == LiveStatus.NONE


def test_edit_and_delete_are_audited_with_what_changed():
    desk = make_staff("desk")
    coverage = make_coverage()
    entry = make_entry(coverage=coverage, title="Typo hre")
    entry = entry_edit(entry=entry, actor=desk, title="Typo here")
    assert entry.edited_at is not None
    edited = AuditEntry.objects.get(object_id=entry.pk, action="edited")
    assert (edited.actor_name, edited.note) == ("desk", "Changed: title")
    entry_id = entry.pk
    assert entry_delete(entry=entry, actor=desk)
    assert not LiveEntry.objects.filter(pk=entry_id).exists()
    deleted = AuditEntry.objects.get(object_id=entry_id, action="deleted")
    assert deleted.object_repr == "Typo here"


def test_readers_see_no_coverage_of_an_unpublished_story():
    coverage = make_coverage(article=make_article(status=Article.Status.DRAFT))
    make_entry(coverage=coverage)
    assert coverage_for_readers(coverage.article_id) is None
