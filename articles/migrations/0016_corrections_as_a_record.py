import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def keep_each_correction(apps, schema_editor):
    article_model = apps.get_model("articles", "Article")
    correction_model = apps.get_model("articles", "Correction")
    corrected = article_model.objects.exclude(correction="").only(
        "id", "correction", "corrected_at", "updated_at"
    )
    correction_model.objects.bulk_create(
        correction_model(
            article_id=article.pk,
            text=article.correction.strip() or article.correction,
            corrected_at=article.corrected_at or article.updated_at,
        )
        for article in corrected.iterator()
    )
    for article in corrected.filter(corrected_at__isnull=True).iterator():
        article_model.objects.filter(pk=article.pk).update(corrected_at=article.updated_at)


def give_back_the_latest_correction(apps, schema_editor):
    article_model = apps.get_model("articles", "Article")
    correction_model = apps.get_model("articles", "Correction")
    for correction in correction_model.objects.order_by("article_id", "corrected_at", "id"):
        article_model.objects.filter(pk=correction.article_id).update(correction=correction.text)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_article_live_status"),
        ("images", "0002_articleimage_moves_to_articles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="Shown to readers under the story: what was wrong and what is right. For example: “An earlier version of this story gave the wrong date for the vote.”",
                        max_length=1000,
                        verbose_name="correction",
                    ),
                ),
                (
                    "corrected_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="When the story was put right; shown with the correction.",
                        verbose_name="corrected at",
                    ),
                ),
            ],
            options={
                "verbose_name": "correction",
                "verbose_name_plural": "corrections",
                "ordering": ["corrected_at", "id"],
            },
        ),
        migrations.AlterField(
            model_name="article",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected at"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("corrected_at__isnull", False)),
                fields=["-corrected_at", "-id"],
                name="article_corrected",
            ),
        ),
        migrations.AddField(
            model_name="correction",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AddField(
            model_name="correction",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="noted by",
            ),
        ),
        # Each story's one correction becomes its first Correction, dated when it was made.
        migrations.RunPython(keep_each_correction, give_back_the_latest_correction),
        migrations.RemoveField(
            model_name="article",
            name="correction",
        ),
        migrations.AddIndex(
            model_name="correction",
            index=models.Index(fields=["article", "corrected_at"], name="correction_article"),
        ),
        migrations.AddConstraint(
            model_name="correction",
            constraint=models.CheckConstraint(
                condition=models.Q(("text", ""), _negated=True), name="correction_has_text"
            ),
        ),
    ]
