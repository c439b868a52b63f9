"""ArticleImage (a picture placed in an article's body) moves here from the images app.

State only: the table keeps its name, `images_articleimage`, and no row moves. Its content type is
relabelled from images to articles, so admin log entries and permissions (and any group that
holds them) keep pointing at it.
"""

import django.db.models.deletion
from django.db import migrations, models


def _relabel(apps, old_label, new_label):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=new_label, model="articleimage").exists():
        return  # already there (a database made after the move); nothing to carry over
    content_type.objects.filter(app_label=old_label, model="articleimage").update(
        app_label=new_label
    )
    content_type.objects.clear_cache()


def relabel_to_articles(apps, schema_editor):
    _relabel(apps, "images", "articles")


def relabel_to_images(apps, schema_editor):
    _relabel(apps, "articles", "images")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_document_tags_and_bylines"),
        ("images", "0002_articleimage_moves_to_articles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleImage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "caption",
                            models.TextField(
                                blank=True,
                                help_text="Leave empty to use the library caption.",
                                max_length=600,
                                verbose_name="caption for this article",
                            ),
                        ),
                        (
                            "after_paragraph",
                            models.PositiveSmallIntegerField(
                                default=1,
                                help_text="Counts the body's paragraphs, sub-heads, quotes and lists. 0 puts the picture above the first; a number past the end puts it at the end.",
                                verbose_name="after paragraph",
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="body_images",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "image",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="placements",
                                to="images.image",
                                verbose_name="image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "image in the body",
                        "verbose_name_plural": "images in the body",
                        "db_table": "images_articleimage",
                        "ordering": ["after_paragraph", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_to_articles, relabel_to_images, elidable=False),
    ]
