"""Audit entries and admin log entries about donations named the donor and the receipt number
(or the UUID, which opens the gift's thank-you page): they are renamed "Donation #<id>", as
Donation.__str__ now names them, and UUIDs are taken out of their notes."""

import re

from django.db import migrations

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


def rename_donation_entries(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    content_type = content_type_model.objects.filter(
        app_label="donations", model="donation"
    ).first()
    if content_type is None:
        return
    audit_entry_model = apps.get_model("newsroom", "AuditEntry")
    for entry in audit_entry_model.objects.filter(content_type=content_type).iterator():
        entry.object_repr = f"Donation #{entry.object_id}"
        entry.note = UUID.sub("…", entry.note)
        entry.save(update_fields=["object_repr", "note"])
    log_entry_model = apps.get_model("admin", "LogEntry")
    for entry in log_entry_model.objects.filter(content_type=content_type).iterator():
        entry.object_repr = f"Donation #{entry.object_id}"
        entry.change_message = UUID.sub("…", entry.change_message)
        entry.save(update_fields=["object_repr", "change_message"])


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("newsroom", "0003_auditentry"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rename_donation_entries, migrations.RunPython.noop)]
