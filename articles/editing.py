"""The writing desk never loses work: who has a story open, and saves made from an older version.

Presence. Opening the change form starts (or renews) an `EditingSession`; the form's script sends a
heartbeat every HEARTBEAT_SECONDS; a session not heard from for ACTIVE_SECONDS no longer counts.
Someone else may take over: the first editor's next heartbeat tells them who and when. The rows are
in the database, so every worker and machine agrees.

Conflicts. The change form carries a version token (the story's latest revision and its
`updated_at`). A save whose token is no longer current was made from an older version: instead of
overwriting, the admin shows what changed since, field by field (admin_conflicts), and the writer
picks, per field, their text, the other one, or a text of their own.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from newsroom.forms import usable_ids
from newsroom.services import audit_record

from .models import Article, EditingSession
from .revisions import diff_html, html_to_text

HEARTBEAT_SECONDS = 20
ACTIVE_SECONDS = 75
TOOK_OVER = "took_over_editing"


def display_name(user):
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


# --- Presence ------------------------------------------------------------------------------------


def _active_since(now=None):
    return (now or timezone.now()) - timedelta(seconds=ACTIVE_SECONDS)


def editing_open(*, article, actor):
    """`actor` has the change form open: start their session, or renew a live one."""
    now = timezone.now()
    with transaction.atomic():
        session = (
            EditingSession.objects.select_for_update().filter(article=article, user=actor).first()
        )
        if session is None:
            try:
                with transaction.atomic():
                    return EditingSession.objects.create(
                        article=article, user=actor, started_at=now, last_seen_at=now
                    )
            except IntegrityError:  # opened in two tabs at the same moment
                session = EditingSession.objects.select_for_update().get(
                    article=article, user=actor
                )
        if session.last_seen_at < _active_since(now) or session.taken_over_by_id:
            session.started_at = now
        session.last_seen_at = now
        session.taken_over_by = None
        session.taken_over_at = None
        session.save()
        return session


@dataclass
class Heartbeat:
    others: list = field(default_factory=list)
    taken_over_by: object = None
    taken_over_at: object = None


def editing_heartbeat(*, article, actor):
    """`actor` is still editing. Says who else is, and whether someone took the story over."""
    now = timezone.now()
    session = (
        EditingSession.objects.filter(article=article, user=actor)
        .select_related("taken_over_by")
        .first()
    )
    if session is not None and session.taken_over_by_id:
        # Keep the notice until the page is reopened: the writer must see it.
        return Heartbeat(
            others=others_editing(article, actor),
            taken_over_by=session.taken_over_by,
            taken_over_at=session.taken_over_at,
        )
    if session is None or session.last_seen_at < _active_since(now):
        session = editing_open(article=article, actor=actor)
    else:
        EditingSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return Heartbeat(others=others_editing(article, actor))


def editing_close(*, article, actor):
    """`actor` left the form (saved, or closed the page)."""
    EditingSession.objects.filter(article=article, user=actor, taken_over_by=None).delete()


def editing_take_over(*, article, actor):
    """`actor` takes the story over from whoever has it open; they are told at their next beat."""
    now = timezone.now()
    with transaction.atomic():
        others = list(
            EditingSession.objects.select_for_update()
            .filter(article=article, last_seen_at__gte=_active_since(now), taken_over_by=None)
            .exclude(user=actor)
            .select_related("user")
        )
        EditingSession.objects.filter(pk__in=[session.pk for session in others]).update(
            taken_over_by=actor, taken_over_at=now
        )
        editing_open(article=article, actor=actor)
        if others:
            names = ", ".join(display_name(session.user) for session in others)
            audit_record(
                actor=actor,
                action=TOOK_OVER,
                obj=article,
                note=_("Took over editing from %(names)s.") % {"names": names},
            )
    return others


def others_editing(article, actor):
    """The live sessions on `article` of people other than `actor`, earliest first."""
    return list(
        EditingSession.objects.filter(
            article=article, last_seen_at__gte=_active_since(), taken_over_by=None
        )
        .exclude(user=actor)
        .select_related("user")
    )


# --- Version tokens ------------------------------------------------------------------------------


TOKEN_SALT = "articles.editing.version"  # noqa: S105 - a signing namespace, not a secret


def version_token(article):
    """What the change form was built from: the last save's time and the compared fields' values.

    Signed (it comes back from the browser) and compressed; the values let the conflict page say
    what changed since, even for a story saved without a revision.
    """
    payload = {"saved_at": article.updated_at.isoformat(), "values": saved_values(article)}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def _parse_token(token):
    """(saved_at, base values) from a token; (None, None) for one that was tampered with."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
        saved_at = parse_datetime(payload["saved_at"])
        values = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in payload["values"].items()
        }
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None, None
    return saved_at, values


def is_stale(article, token):
    """Whether a form carrying `token` was built from an older version than the saved one.

    A post without a token (a script, an old tab from before tokens) is not checked.
    """
    if not token:
        return False
    saved_at, _values = _parse_token(token)
    return saved_at is None or saved_at != article.updated_at


# --- Comparing three versions: when the form was opened, what is saved now, what was posted ------

TEXT_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "dateline_place",
    "lead_image_caption",
    "correction",
)
COMPARED_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "section",
    "authors",
    "tags",
    "dateline_place",
    "language",
    "urgency",
    "lead_image",
    "lead_image_caption",
    "correction",
    "show_donation_appeal",
    "comments_enabled",
)
EDITABLE_AS_TEXT = (*TEXT_FIELDS, "body")
UNKNOWN = object()


def _normal(name, value):
    """One comparable form of a field's value, whichever side it came from."""
    if name in ("authors",):
        return tuple(sorted(str(getattr(item, "pk", item)) for item in value or ()))
    if name == "tags":
        return tuple(sorted(str(getattr(item, "name", item)) for item in value or ()))
    if name == "body":
        return Article.body_sanitizer(value or "")
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, bool):
        return value
    return "" if value is None else str(value).strip() if name in TEXT_FIELDS else str(value)


def saved_values(article):
    values = {}
    for name in COMPARED_FIELDS:
        if name == "authors":
            values[name] = _normal(name, article.authors.values_list("pk", flat=True))
        elif name == "tags":
            # A story with a pending update (articles.staging) has its tags on the side.
            staged = getattr(article, "_staged_tags", None)
            values[name] = _normal(name, article.tags.names() if staged is None else staged)
        elif name in ("section", "lead_image"):
            values[name] = _normal(name, getattr(article, f"{name}_id"))
        else:
            values[name] = _normal(name, getattr(article, name))
    return values


def posted_values(form):
    """The compared fields as the bound admin form posted them (fields the form lacks: none)."""
    values = {}
    for name in COMPARED_FIELDS:
        if name not in form.fields:
            continue
        form_field = form.fields[name]
        raw = form[name].data
        try:
            value = form_field.clean(raw)
        except ValidationError:
            value = raw
        if hasattr(value, "values_list"):  # a queryset of authors
            value = list(value.values_list("pk", flat=True))
        values[name] = _normal(name, value)
    return values


def _readable(name, value, labels):
    if value is UNKNOWN:
        return ""
    if name == "body":
        return html_to_text(value)
    if name in ("authors", "section", "lead_image"):
        keys = value if isinstance(value, tuple) else (value,)
        return ", ".join(labels.get((name, key), key) for key in keys if key)
    if name == "tags":
        return ", ".join(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _labels(values_sets):
    """Names for the ids that appear in any of the three versions (three queries at most)."""
    from images.models import Image

    from .models import Author, Section

    wanted = {"authors": set(), "section": set(), "lead_image": set()}
    for values in values_sets:
        for name in wanted:
            value = values.get(name, UNKNOWN)
            if value is UNKNOWN:
                continue
            wanted[name].update(value if isinstance(value, tuple) else {value})
    labels = {}
    for name, model in (("authors", Author), ("section", Section), ("lead_image", Image)):
        ids = usable_ids(model._meta.pk, [key for key in wanted[name] if key])
        for row in model.objects.filter(pk__in=ids):
            labels[(name, str(row.pk))] = str(row)
    return labels


@dataclass
class FieldConflict:
    name: str
    label: str
    kind: str  # "both": we both changed it; "theirs": only they did
    mine: object
    theirs: object
    mine_text: str
    theirs_text: str
    theirs_diff: str  # what they changed, since the form was opened (or against mine)
    mine_diff: str
    editable: bool
    default: str


def conflicts(*, form, article, token):
    """What changed since the form behind `token` was built, per field where a choice matters."""
    opened_at, base = _parse_token(token)
    base = {name: (base or {}).get(name, UNKNOWN) for name in COMPARED_FIELDS}
    theirs = saved_values(article)
    mine = posted_values(form)
    labels = _labels([base, theirs, mine])
    rows, kept = [], []
    for name, mine_value in mine.items():
        theirs_value, base_value = theirs[name], base[name]
        if mine_value == theirs_value:
            continue
        if base_value is not UNKNOWN and base_value == theirs_value:
            # Only the writer changed it: their change stands, nothing of others' is lost.
            kept.append(str(form.fields[name].label or name).capitalize())
            continue
        i_changed = base_value is UNKNOWN or base_value != mine_value
        kind = "both" if i_changed else "theirs"
        mine_text = _readable(name, mine_value, labels)
        theirs_text = _readable(name, theirs_value, labels)
        base_text = theirs_text if base_value is UNKNOWN else _readable(name, base_value, labels)
        rows.append(
            FieldConflict(
                name=name,
                label=str(form.fields[name].label or name).capitalize(),
                kind=kind,
                mine=mine_value,
                theirs=theirs_value,
                mine_text=mine_text,
                theirs_text=theirs_text,
                theirs_diff=diff_html(
                    mine_text if base_value is UNKNOWN else base_text, theirs_text
                ),
                mine_diff=diff_html(base_text, mine_text),
                editable=name in EDITABLE_AS_TEXT,
                default="mine" if i_changed else "theirs",
            )
        )
    return rows, kept, opened_at


def saved_since(article, opened_at):
    """The revisions saved after the form was opened (who changed the story, and when)."""
    versions = Version.objects.get_for_object(article).select_related("revision__user")
    if opened_at is not None:
        versions = versions.filter(revision__date_created__gt=opened_at)
    return list(versions.order_by("-pk")[:10])


def post_value_of_saved(article, name, form):
    """The saved value of field `name` as the change form would post it."""
    if name == "tags":
        staged = getattr(article, "_staged_tags", None)
        if staged is not None:
            return [edit_string_for_tags([Tag(name=tag) for tag in staged])]
        return [edit_string_for_tags(article.tags.all())]
    if name == "authors":
        return [str(pk) for pk in article.authors.values_list("pk", flat=True)]
    if name in ("section", "lead_image"):
        value = getattr(article, f"{name}_id")
        return [] if value is None else [str(value)]
    value = getattr(article, name)
    if isinstance(value, bool):
        return ["on"] if value else []
    return ["" if value is None else str(value)]


CHOICE_LABELS = {
    "mine": gettext_lazy("Keep mine"),
    "theirs": gettext_lazy("Take theirs"),
    "edited": gettext_lazy("Use the text below"),
}
