from datetime import timedelta

import pytest
from django.utils import timezone

from syndication import tasks
from syndication.models import StoryVersion, UsageEntry, WebhookDelivery

from .factories import api, make_article, make_client, make_key, make_section, record

pytestmark = pytest.mark.django_db


def test_old_usage_and_finished_deliveries_go_the_rest_stays(settings):
    settings.SYNDICATION_USAGE_DAYS = 400
    settings.SYNDICATION_DELIVERY_DAYS = 30
    india = make_section(name="India", slug="india")
    client = make_client(sections=[india])
    _key, secret = make_key(client)
    record(make_article(section=india))
    record(make_article(section=india))
    api(secret).get("/api/v1/changes")
    old, recent = UsageEntry.objects.order_by("pk")
    UsageEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=401))
    first, second = StoryVersion.objects.order_by("pk")
    long_ago = timezone.now() - timedelta(days=31)
    done = WebhookDelivery.objects.create(
        client=client, version=first, status=WebhookDelivery.Status.DELIVERED, created_at=long_ago
    )
    waiting = WebhookDelivery.objects.create(
        client=client, version=second, status=WebhookDelivery.Status.PENDING, created_at=long_ago
    )

    assert tasks.prune_records.enqueue().return_value == 2

    assert list(UsageEntry.objects.all()) == [recent]
    assert not WebhookDelivery.objects.filter(pk=done.pk).exists()
    assert WebhookDelivery.objects.filter(pk=waiting.pk).exists()
    assert StoryVersion.objects.count() == 2
