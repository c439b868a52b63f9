import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from articles import services
from articles.models import Article, Section
from newsroom.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_load_demo_is_safe_to_run_twice(demo_newsroom):
    # The session's demo was loaded twice: the second run added no row and removed none, and it
    # kept the generated passwords.
    rows = demo_newsroom.rows_after_first_load
    assert rows["articles.Article"] >= 16
    assert demo_newsroom.rows_after_second_load == rows
    assert demo_newsroom.passwords_after_second_load == demo_newsroom.passwords_after_first_load


def test_load_demo_builds_a_newsroom(demo_newsroom, client):
    from newsroom import demo

    passwords = demo._read_credentials()
    assert passwords == demo_newsroom.passwords_after_first_load
    assert Article.objects.published().count() >= 16
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 4
    assert set(passwords) == {
        "reporter",
        "editor",
        "moderator",
        "fundraising",
        "syndication",
        "admin",
    }
    assert len({*passwords.values()}) == 6
    for username, password in passwords.items():
        assert get_user_model().objects.get(username=username).check_password(password)
        assert len(password) >= 12

    users = get_user_model().objects
    for username, group in [
        ("reporter", "Reporter"),
        ("editor", "Editor"),
        ("moderator", "Moderator"),
        ("fundraising", "Fundraising"),
        ("syndication", "Syndication"),
    ]:
        user = users.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.user_permissions.exists()
    assert users.get(username="admin").is_superuser
    reporter = users.get(username="reporter")
    assert reporter.author_profile.slug == "arjun-mehta"

    states = {services.article_state(article) for article in Article.objects.all()}
    assert states == {"draft", "in_review", "scheduled", "published", "archived"}
    returned = Article.objects.get(
        pk=AuditEntry.objects.get(action="returned").object_id, status="draft"
    )
    assert services.is_own_article(reporter, returned)
    assert AuditEntry.objects.filter(action="returned").count() == 1  # not again on the re-run
    assert AuditEntry.objects.filter(action="archived").count() == 1
    assert services.article_versions(returned).count() == 3  # created, submitted, returned

    # Every story has its lead picture from the demo library, credited.
    assert not Article.objects.filter(lead_image__isnull=True).exists()
    assert not Article.objects.filter(lead_image__credit="").exists()

    quoted = Article.objects.published().filter(body__contains="<blockquote>").count()
    assert quoted >= 10
    article = Article.objects.published().first()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_the_readme_says_what_each_demo_account_may_do():
    from newsroom import demo

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    described = re.findall(r"^- `(\w+)` ", readme, re.MULTILINE)
    assert described == [username for username, _role, _superuser in demo.DEMO_ACCOUNTS]


def test_load_demo_refuses_to_run_in_production(settings, tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    from newsroom import demo

    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / "demo-accounts.txt", raising=False)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()
    assert not list(tmp_path.iterdir())


def test_load_demo_runs_in_production_only_when_allowed(settings, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from newsroom.management.commands import load_demo

    monkeypatch.setattr(load_demo, "DEMO_APPS", [])
    settings.PRODUCTION = True
    output = StringIO()
    call_command("load_demo", "--allow-production", stdout=output)
    assert "Demo newsroom loaded." in output.getvalue()
