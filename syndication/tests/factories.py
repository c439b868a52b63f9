import json
from pathlib import Path

from django.test import Client as HttpClient
from jsonschema import Draft202012Validator, FormatChecker

from articles.tests.factories import make_article, make_section  # noqa: F401 - re-exported
from syndication import services
from syndication.models import Client

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def ninjs_schema():
    """Our own schema of what we send (syndication/schemas/README.md)."""
    return json.loads((SCHEMA_DIR / "story.ninjs.schema.json").read_text())


def ninjs_validator():
    schema = ninjs_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def make_client(*, sections=(), languages=("en",), **fields):
    fields.setdefault("name", f"Client {Client.objects.count() + 1}")
    fields.setdefault("contact_email", "desk@client.example")
    client = Client.objects.create(languages=list(languages), **fields)
    client.sections.set(sections)
    return client


def make_key(client, **options):
    api_key, secret = services.api_key_create(client=client, actor=None, **options)
    return api_key, secret


def api(secret):
    """A test client that sends `secret` as the key."""
    return HttpClient(headers={"X-Api-Key": secret})


def record(article):
    services.story_version_record(story_id=article.pk)
