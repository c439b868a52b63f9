"""Tags whose slug the tag URL could not take (Devanagari, accents, an empty slug from a name made
of punctuation) get one it can: articles.tags' slug of their name. Slugs that already worked keep
their addresses."""

import re

from django.db import migrations

WORKED_BEFORE = re.compile(r"[-a-zA-Z0-9_]+")


def reslug_broken_tags(apps, schema_editor):
    from articles.tags import unique_tag_slug

    tag_model = apps.get_model("taggit", "Tag")
    for tag in tag_model.objects.order_by("pk"):
        if not WORKED_BEFORE.fullmatch(tag.slug or ""):
            tag.slug = unique_tag_slug(tag_model, tag.name, exclude_pk=tag.pk)
            tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_articleimage"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(reslug_broken_tags, migrations.RunPython.noop)]
