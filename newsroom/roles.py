"""The newsroom's roles: one table of which Django group holds which permissions.

`sync_role_groups` makes the groups match the table. It runs from a data migration and again after
every `migrate` (a post_migrate handler in apps.py), so the groups stay in step as the table changes
and as later apps add their models. A permission whose app or model is not installed yet is skipped;
it is granted on the first migrate after it exists. The table is the whole truth for the apps it
names: a permission of such an app that a group holds and the table does not list is taken away.
Superusers need no group: Django grants them everything.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

REPORTER = "Reporter"
EDITOR = "Editor"
MODERATOR = "Moderator"
FUNDRAISING = "Fundraising"
SYNDICATION = "Syndication"


def _crud(app_label, model, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model}" for action in actions]


ROLE_PERMISSIONS = {
    # Writes stories and uploads photographs; the desk decides what goes out. Which articles a
    # reporter may change (their own, while draft) is decided per object in articles/services.py.
    REPORTER: [
        *_crud("articles", "article", ("add", "change", "view")),
        "articles.view_section",
        "articles.view_author",
        *_crud("images", "image", ("add", "change", "view")),
        # Reporters on the scene post live entries; the desk starts and ends the coverage.
        "live.view_livecoverage",
        *_crud("live", "liveentry"),
    ],
    EDITOR: [
        *_crud("articles", "article"),
        "articles.publish_article",
        *_crud("articles", "section"),
        *_crud("articles", "author"),
        *_crud("images", "image"),
        *_crud("ticker", "tickeritem"),
        *_crud("live", "livecoverage"),
        *_crud("live", "liveentry"),
        "newsroom.view_auditentry",
        # Newsletters: the lists and their issues; never the subscribers' addresses or giving.
        *_crud("newsletters", "newsletter"),
        *_crud("newsletters", "issue"),
        "newsletters.send_issue",
    ],
    MODERATOR: [
        *_crud("comments", "comment", ("change", "delete", "view")),
    ],
    FUNDRAISING: [
        *_crud("donations", "appeal"),
        "donations.view_donation",
        "donations.export_donation",
        # Which subscribers have given, and how issues did (gifts they prompted).
        "newsletters.view_subscriber",
        "newsletters.view_subscriber_giving",
        # Readers' requests for their data: an export, or erasure (both audited). Fundraising
        # already answers donors' requests about their gifts; the desk never holds this.
        "newsletters.export_subscriber",
        "newsletters.view_newsletter",
        "newsletters.view_issue",
        "donations.view_recurringgift",
        # Form 10BE: attach each donor's certificate and e-mail it.
        "donations.add_taxcertificate",
        "donations.view_taxcertificate",
    ],
    # Manages the wire's client newsrooms: their entitlements, keys (issue, rotate, revoke) and
    # usage log, and sees what was sent to them.
    SYNDICATION: [
        *_crud("syndication", "client"),
        *_crud("syndication", "apikey", ("add", "change", "view")),
        "syndication.view_storyversion",
        "syndication.view_usageentry",
        "syndication.view_webhookdelivery",
        *_crud("syndication", "wiresource"),
        *_crud("syndication", "wiresectionrule"),
        "syndication.view_wireitem",
        "syndication.view_heldpicture",
        "articles.view_section",
    ],
}

ROLE_NAMES = list(ROLE_PERMISSIONS)


def _app_labels():
    return {entry.split(".", 1)[0] for entries in ROLE_PERMISSIONS.values() for entry in entries}


def sync_role_groups(*, apps=global_apps, using=DEFAULT_DB_ALIAS, app_labels=None):
    """Create the role groups and give each exactly the table's permissions of `app_labels`.

    `app_labels=None` means every app the table names. Returns {group name: number of
    permissions granted in the table that exist}.
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    labels = _app_labels() if app_labels is None else set(app_labels) & _app_labels()
    granted = {}
    if not labels:
        return granted
    for name, entries in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.using(using).get_or_create(name=name)
        wanted_filter = Q(pk__in=[])
        for entry in entries:
            app_label, codename = entry.split(".", 1)
            if app_label in labels:
                wanted_filter |= Q(content_type__app_label=app_label, codename=codename)
        wanted = set(
            permission_model.objects.using(using).filter(wanted_filter).values_list("pk", flat=True)
        )
        held = set(
            group.permissions.filter(content_type__app_label__in=labels).values_list(
                "pk", flat=True
            )
        )
        if held - wanted:
            group.permissions.remove(*(held - wanted))
        if wanted - held:
            group.permissions.add(*(wanted - held))
        granted[name] = len(wanted)
    return granted


def sync_role_groups_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate: Django has just made `sender`'s permissions; grant those the table lists."""
    try:
        apps.get_model("auth", "Group")
    except LookupError:
        return
    sync_role_groups(apps=apps, using=using, app_labels={sender.label})
