"""Demo accounts and site settings for `manage.py load_demo`, and the reader of every app's demo
data files (`<app>/demo_data/<name>.json`)."""

import json
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .models import SiteSettings

CREDENTIALS_FILE = Path(settings.BASE_DIR) / "var" / "demo-accounts.txt"

# (username, role, superuser): one account per role group, and a superuser.
DEMO_ACCOUNTS = [
    ("reporter", roles.REPORTER, False),
    ("editor", roles.EDITOR, False),
    ("moderator", roles.MODERATOR, False),
    ("fundraising", roles.FUNDRAISING, False),
    ("syndication", roles.SYNDICATION, False),
    ("admin", "Administrator", True),
]


def read_demo_data(app, name):
    """The demo copy `<app>/demo_data/<name>.json` of the installed app labelled `app`."""
    path = Path(apps.get_app_config(app).path) / "demo_data" / f"{name}.json"
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def _read_credentials():
    if not CREDENTIALS_FILE.exists():
        return {}
    pairs = {}
    for line in CREDENTIALS_FILE.read_text().splitlines():
        if line.startswith("#") or " " not in line.strip():
            continue
        username, password = line.split()[:2]
        pairs[username] = password
    return pairs


def _write_credentials(pairs):
    CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Demo accounts made by `manage.py load_demo` (username password). Not for production."
    ]
    lines += [f"{username} {password}" for username, password in pairs.items()]
    CREDENTIALS_FILE.write_text("\n".join(lines) + "\n")
    CREDENTIALS_FILE.chmod(0o600)


def ensure_accounts():
    """Create the demo accounts with generated passwords; return {username: password}."""
    user_model = get_user_model()
    known = _read_credentials()
    for username, role, is_superuser in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, email=f"{username}@newswire.example")
        if user.pk is None or username not in known or not user.check_password(known[username]):
            known[username] = secrets.token_urlsafe(12)
            user.set_password(known[username])
        user.first_name = role
        user.is_staff = True
        user.is_superuser = is_superuser
        user.save()
        user.user_permissions.clear()
        user.groups.set(Group.objects.filter(name=role))
    _write_credentials(known)
    return {username: known[username] for username, _role, _superuser in DEMO_ACCOUNTS}


# Filled in only where empty, so links and texts staff have edited stay as they are.
KEPT_IF_SET = (
    "facebook_url",
    "x_url",
    "instagram_url",
    "youtube_url",
    "about",
    "corrections_policy",
)


def load(command):
    site = SiteSettings.current()
    for field, value in read_demo_data("newsroom", "site").items():
        if field not in KEPT_IF_SET or not getattr(site, field):
            setattr(site, field, value)
    site.save()
    roles.sync_role_groups()
    accounts = ensure_accounts()
    command.stdout.write("Demo accounts (also in var/demo-accounts.txt):")
    for username, role, _superuser in DEMO_ACCOUNTS:
        command.stdout.write(f"  {role:<14} username {username:<10} password {accounts[username]}")
