import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

from newsroom import roles

pytestmark = pytest.mark.django_db


def _held(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrate_made_the_four_groups_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_NAMES)
    reporter, editor = _held(roles.REPORTER), _held(roles.EDITOR)
    assert {"articles.add_article", "articles.change_article", "articles.view_article"} <= reporter
    assert "articles.publish_article" not in reporter
    assert "articles.delete_article" not in reporter
    assert {"articles.publish_article", "articles.delete_article"} <= editor
    assert "newsroom.view_auditentry" in editor
    for group in (roles.MODERATOR, roles.FUNDRAISING):
        assert not any(perm.startswith("articles.") for perm in _held(group))


def test_every_permission_a_group_holds_is_in_the_table():
    for name, entries in roles.ROLE_PERMISSIONS.items():
        assert _held(name) <= set(entries), name


def test_the_table_already_names_the_apps_that_are_still_being_built():
    table = roles.ROLE_PERMISSIONS
    assert "images.add_image" in table[roles.REPORTER]
    assert "ticker.change_tickeritem" in table[roles.EDITOR]
    assert "comments.change_comment" in table[roles.MODERATOR]
    assert {"donations.view_donation", "donations.change_appeal"} <= set(table[roles.FUNDRAISING])
    # The reporter may not touch the ticker, donations or newsletters; the fundraisers nothing
    # but donations and, in newsletters, who gave and how issues did (never sending).
    assert not any(
        entry.startswith(("ticker.", "donations.", "newsletters."))
        for entry in table[roles.REPORTER]
    )
    assert {entry.split(".")[0] for entry in table[roles.FUNDRAISING]} == {
        "donations",
        "newsletters",
    }
    assert "newsletters.send_issue" not in table[roles.FUNDRAISING]
    assert "newsletters.view_subscriber_giving" not in table[roles.EDITOR]
    # Readers' data requests (export, erasure) are Fundraising's, never the desk's.
    assert "newsletters.export_subscriber" in table[roles.FUNDRAISING]
    assert not any("export_subscriber" in entry for entry in table[roles.EDITOR])


def test_sync_puts_back_what_was_taken_and_takes_away_what_was_added():
    reporter = Group.objects.get(name=roles.REPORTER)
    reporter.permissions.remove(Permission.objects.get(codename="add_article"))
    reporter.permissions.add(Permission.objects.get(codename="publish_article"))
    roles.sync_role_groups()
    held = _held(roles.REPORTER)
    assert "articles.add_article" in held
    assert "articles.publish_article" not in held


def test_sync_twice_changes_nothing():
    before = {name: _held(name) for name in roles.ROLE_NAMES}
    roles.sync_role_groups()
    roles.sync_role_groups()
    assert {name: _held(name) for name in roles.ROLE_NAMES} == before
    assert Group.objects.filter(name__in=roles.ROLE_NAMES).count() == len(roles.ROLE_NAMES)


def test_permissions_of_apps_not_built_yet_are_skipped(monkeypatch):
    table = {**roles.ROLE_PERMISSIONS}
    table[roles.EDITOR] = [*table[roles.EDITOR], "nosuchapp.view_thing", "articles.fly_article"]
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", table)
    granted = roles.sync_role_groups()
    assert "articles.publish_article" in _held(roles.EDITOR)
    assert granted[roles.EDITOR] == len(_held(roles.EDITOR))


def test_every_migrate_resyncs_the_groups():
    editor = Group.objects.get(name=roles.EDITOR)
    editor.permissions.clear()
    config = apps.get_app_config("articles")
    post_migrate.send(
        sender=config,
        app_config=config,
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )
    assert "articles.publish_article" in _held(roles.EDITOR)
