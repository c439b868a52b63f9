"""Wire clients of the demo newsroom (`syndication/demo_data/clients.json`), a version of every
published story for them, and a working key for the first client, printed by `load_demo`.

The key is kept in `var/demo-wire-key.txt` beside the demo passwords (not in git), so loading the
demo again prints the same key while it still works, instead of making another."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from articles.models import Section
from newsroom import demo as newsroom_demo
from newsroom.demo import read_demo_data

from . import keys, services
from .ingest import category_key
from .models import ApiKey, Client, WireSectionRule, WireSource

DEMO_KEY_LABEL = "demo key (make run)"


def key_file():
    return newsroom_demo.CREDENTIALS_FILE.with_name("demo-wire-key.txt")


def _kept_key(client):
    path = key_file()
    if not path.exists():
        return None
    key = path.read_text().strip()
    prefix = keys.key_prefix(key)
    api_key = ApiKey.objects.usable().filter(client=client, prefix=prefix).first()
    return key if api_key and keys.key_matches(key, api_key.secret_hash) else None


def demo_key(client):
    key = _kept_key(client)
    if key is None:
        _api_key, key = services.api_key_create(client=client, actor=None, label=DEMO_KEY_LABEL)
        path = key_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key + "\n")
        path.chmod(0o600)
    return key


def load(command):
    clients = []
    for data in read_demo_data("syndication", "clients"):
        data = dict(data)
        section_slugs = data.pop("sections")
        client, _created = Client.objects.update_or_create(name=data.pop("name"), defaults=data)
        client.sections.set(Section.objects.filter(slug__in=section_slugs))
        clients.append(client)
    services.story_versions_backfill()
    # A partner wire with a few stories on the dashboard's Wire panel (ninjs, as a partner sends).
    # Its subjects map to our sections by rule; anything else goes to India, chosen here.
    sections = {section.slug: section for section in Section.objects.all()}
    wire, _created = WireSource.objects.update_or_create(
        name="Demo Partner Wire",
        defaults={"credit": "Demo Partner Wire", "fallback_section": sections.get("india")},
    )
    for category, slug in (("medtop:04000000", "business"), ("Weather", "india")):
        if slug in sections:
            WireSectionRule.objects.update_or_create(
                source=wire, category=category_key(category), defaults={"section": sections[slug]}
            )
    path = Path(apps.get_app_config("syndication").path) / "demo_data" / "partner_wire.json"
    services.wire_ingest(source=wire, data=path.read_bytes())
    key = demo_key(clients[0])
    command.stdout.write(f"Wire client “{clients[0].name}”, API key (also in {key_file()}):")
    command.stdout.write(f"  {key}")
    command.stdout.write(
        f'  curl -H "X-Api-Key: {key}" {settings.SITE_URL}/api/v1/changes'
        f"  (documentation: {settings.SITE_URL}/api/v1/docs)"
    )
