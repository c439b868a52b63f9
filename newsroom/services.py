"""Site-wide services other apps call: the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AuditEntry


def audit_record(*, actor, action, obj, from_state="", to_state="", note=""):
    """Record that `actor` did `action` to `obj` (moving it from one state to another).

    Call it inside the same transaction as the change it records, so that a change that is rolled
    back leaves no entry and a change that is kept always has one. `obj` must have a primary key;
    for a deletion, call it before deleting.
    """
    if obj.pk is None:
        raise ValueError("Audit entries are for saved objects; save it first.")
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        from_state=from_state or "",
        to_state=to_state or "",
        note=note or "",
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
    return entry


# Audit entries about these models speak of people who gave money: only those who may see the
# donations read them (Fundraising and superusers), not everyone who may read the audit log.
# Named by label, not imported: newsroom imports no app.
PRIVATE_AUDIT_MODELS = {
    ("donations", "donation"): "donations.view_donation",
    ("donations", "paymentevent"): "donations.view_donation",
    ("donations", "taxcertificate"): "donations.view_donation",
    ("donations", "donortaxdetails"): "donations.view_donation",
}


def audit_entries_visible_to(user, entries=None):
    """The audit entries `user` may read: all, less those about models whose rows they may not
    see (PRIVATE_AUDIT_MODELS). Used by the admin's audit log and the dashboard's alike."""
    entries = AuditEntry.objects.all() if entries is None else entries
    for (app_label, model), permission in PRIVATE_AUDIT_MODELS.items():
        if not user.has_perm(permission):
            entries = entries.exclude(content_type__app_label=app_label, content_type__model=model)
    return entries


def audit_entries_for(obj):
    """The audit entries of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
    )


def audit_changed_fields_note(form):
    """'Changed: title, goal.' for an admin form, naming the fields by their labels."""
    if not form.changed_data:
        return ""
    labels = [str(form.fields[name].label or name) for name in form.changed_data]
    return _("Changed: %(fields)s.") % {"fields": ", ".join(label.lower() for label in labels)}
