import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Section

pytestmark = pytest.mark.django_db


def test_load_demo_builds_a_newsroom_and_is_safe_to_run_twice(tmp_path, monkeypatch, client):
    from newsroom import demo

    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / "demo-accounts.txt")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Article.objects.count(), Section.objects.count(), get_user_model().objects.count())
    passwords = demo._read_credentials()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Article.objects.count(),
        Section.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    assert demo._read_credentials() == passwords  # passwords stay the same on the second run

    assert Article.objects.published().count() >= 16
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 4
    assert set(passwords) == {"reporter", "editor", "admin"}
    assert len({*passwords.values()}) == 3
    for username, password in passwords.items():
        assert get_user_model().objects.get(username=username).check_password(password)
        assert len(password) >= 12

    quoted = Article.objects.published().filter(body__contains="<blockquote>").count()
    assert quoted >= 10
    article = Article.objects.published().first()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200
