import pytest
from django.contrib.auth.models import AnonymousUser

from articles.models import Article, Section
from articles.tests.factories import make_article, make_staff
from newsroom.models import AuditEntry
from newsroom.services import audit_entries_for, audit_record

pytestmark = pytest.mark.django_db


def test_an_entry_keeps_who_what_and_the_state_change():
    editor = make_staff("desk")
    article = make_article(headline="Budget passes")
    entry = audit_record(
        actor=editor,
        action="published",
        obj=article,
        from_state="in_review",
        to_state="published",
        note="Cleared",
    )
    assert list(audit_entries_for(article)) == [entry]
    assert str(entry) == "desk published “Budget passes” (in_review → published)"
    assert entry.content_type.model_class() is Article


def test_the_record_outlives_the_user_and_the_object():
    editor = make_staff("desk")
    article = make_article()
    entry = audit_record(actor=editor, action="deleted", obj=article)
    article.delete()
    editor.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_name == "desk"
    assert entry.object_repr == article.headline


def test_entries_are_per_object():
    first, second = make_article(pk=9001), make_article()
    audit_record(actor=None, action="published", obj=first)
    assert not audit_entries_for(second).exists()
    # The same id in another table is another object.
    section = Section.objects.create(name="Same id", slug="same-id", pk=9001)
    assert not audit_entries_for(section).exists()
    assert audit_entries_for(first).count() == 1


def test_an_unsaved_object_cannot_be_audited():
    with pytest.raises(ValueError, match="save it first"):
        audit_record(actor=None, action="published", obj=Article(headline="Not saved"))
    assert not AuditEntry.objects.exists()


def test_anonymous_actor_is_recorded_as_nobody():
    entry = audit_record(actor=AnonymousUser(), action="published", obj=make_article())
    assert entry.actor is None
    assert entry.actor_name == ""
