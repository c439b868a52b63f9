"""Demo accounts and site settings for `manage.py load_demo`."""

import secrets
from pathlib import Path

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
    ("admin", "Administrator", True),
]


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


def load(command):
    site = SiteSettings.current()
    site.site_name = "Newswire"
    site.tagline = "Independent news from New Delhi"
    site.byline_handle = "newswire"
    site.contact_email = "desk@newswire.example"
    site.facebook_url = site.facebook_url or "https://www.facebook.com/newswire.example"
    site.x_url = site.x_url or "https://x.com/newswire_example"
    site.instagram_url = site.instagram_url or "https://www.instagram.com/newswire.example"
    site.youtube_url = site.youtube_url or "https://www.youtube.com/@newswire.example"
    site.about = site.about or (
        "Newswire is a small, independent news wire based in New Delhi. Our reporters file "
        "from across India and from the capitals that matter to its readers.\n\n"
        "We are funded by our readers and by the newsrooms that carry our copy. No owner, "
        "advertiser or party decides what we publish."
    )
    site.corrections_policy = site.corrections_policy or (
        "When we get something wrong we fix it and say so. A correction note appears at the "
        "foot of the story with the time it was made, and the story shows when it was updated.\n\n"
        "To report an error, write to the desk at the contact address in the footer."
    )
    site.save()
    roles.sync_role_groups()
    accounts = ensure_accounts()
    command.stdout.write("Demo accounts (also in var/demo-accounts.txt):")
    for username, role, _superuser in DEMO_ACCOUNTS:
        command.stdout.write(f"  {role:<14} username {username:<10} password {accounts[username]}")
