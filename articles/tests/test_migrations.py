"""ArticleImage moved from images to articles without touching its table or its rows."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from articles.models import ArticleImage

pytestmark = pytest.mark.django_db

move = import_module("articles.migrations.0007_articleimage")


def test_the_placement_model_keeps_its_table():
    assert ArticleImage._meta.app_label == "articles"
    assert ArticleImage._meta.db_table == "images_articleimage"
    loader = MigrationLoader(connection)
    before = loader.project_state(("images", "0001_initial"))
    after = loader.project_state(("articles", "0007_articleimage"))
    assert before.models["images", "articleimage"].options.get("db_table") is None  # the default
    assert "articleimage" not in {name for label, name in after.models if label == "images"}
    assert after.models["articles", "articleimage"].options["db_table"] == "images_articleimage"


@pytest.mark.parametrize(
    ("app", "name"),
    [("images", "0002_articleimage_moves_to_articles"), ("articles", "0007_articleimage")],
)
def test_the_move_changes_no_table(app, name):
    # Only the migration state moves: no schema operation runs on the database (the one
    # RunPython relabels a content type row).
    migration = MigrationLoader(connection).get_migration(app, name)
    for operation in migration.operations:
        if isinstance(operation, migrations.RunPython):
            continue
        assert isinstance(operation, migrations.SeparateDatabaseAndState)
        assert operation.database_operations == []


def test_log_entries_and_permissions_follow_the_relabelled_content_type(admin_user):
    # A database from before the move: the placement's content type is labelled images.
    content_type = ContentType.objects.get_for_model(ArticleImage)
    ContentType.objects.filter(pk=content_type.pk).update(app_label="images")
    ContentType.objects.clear_cache()
    entry = LogEntry.objects.create(
        user=admin_user,
        content_type_id=content_type.pk,
        object_id="1",
        object_repr="a placement",
        action_flag=CHANGE,
    )
    permission = Permission.objects.get(content_type=content_type, codename="change_articleimage")

    move.relabel_to_articles(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(ArticleImage).pk == content_type.pk
    entry.refresh_from_db()
    assert entry.content_type.model_class() is ArticleImage
    assert Permission.objects.get(pk=permission.pk).content_type_id == content_type.pk
    assert not ContentType.objects.filter(app_label="images", model="articleimage").exists()


def test_relabelling_back_restores_the_old_label():
    content_type = ContentType.objects.get_for_model(ArticleImage)
    move.relabel_to_images(apps, None)
    assert ContentType.objects.get(pk=content_type.pk).app_label == "images"
    move.relabel_to_articles(apps, None)
    assert ContentType.objects.get(pk=content_type.pk).app_label == "articles"
    ContentType.objects.clear_cache()
