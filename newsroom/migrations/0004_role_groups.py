from django.db import migrations

from newsroom.roles import sync_role_groups


def create_role_groups(apps, schema_editor):
    # Grants what exists now; the post_migrate handler grants permissions made later in the run.
    sync_role_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_auditentry"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
