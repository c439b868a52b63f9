"""The database cache's table (newsroom_cache), the shared cache without REDIS_URL: made by
migrate, so no deployment can forget it. Does nothing when every cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0005_scheduledrun")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
