"""Audit entries for dashboard actions whose service does not (yet) write its own.

The article workflow records its moves itself. The comment and ticker services are gaining their
own `audit_record` calls; until then the dashboard records the move, inside the same transaction as
the change. `ensure_audited` looks first, so once a service records its moves no entry is doubled.
"""

from newsroom.models import AuditEntry
from newsroom.services import audit_entries_for, audit_record


def audit_mark():
    """The newest audit entry's id now; entries with a greater id were written after this."""
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def ensure_audited(*, since, actor, action, obj, from_state="", to_state="", note=""):
    """Record `action` on `obj` unless an entry for `obj` was written after `since`."""
    if audit_entries_for(obj).filter(pk__gt=since).exists():
        return None
    return audit_record(
        actor=actor, action=action, obj=obj, from_state=from_state, to_state=to_state, note=note
    )
