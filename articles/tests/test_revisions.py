import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.revisions import diff_html, html_to_text
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, REPORTER

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return make_member("reporter", REPORTER)


@pytest.fixture
def editor():
    return make_member("editor", EDITOR)


def _form(article, **changes):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "dateline_place": "",
        # The corrections inline, as the page sends it (none added).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        # The body pictures' inline, as the page sends it (none placed).
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _edit(client, article, **changes):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), _form(article, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:500]
    article.refresh_from_db()


def test_every_admin_save_and_every_move_keeps_a_revision(client, reporter, editor):
    article = make_story(by=reporter, headline="Flood waters rise")
    client.force_login(reporter)
    _edit(client, article, headline="Flood waters rise in Assam")
    _edit(client, article, standfirst="Thousands moved to camps.")
    services.article_submit(actor=reporter, article=article)
    services.article_publish(actor=editor, article=article)
    versions = list(services.article_versions(article))
    assert len(versions) == 4
    newest = versions[0]
    assert newest.revision.user == editor
    assert newest.field_dict["status"] == Article.Status.PUBLISHED
    assert versions[-1].revision.user == reporter
    assert versions[-1].field_dict["headline"] == "Flood waters rise in Assam"
    assert "headline" in versions[-1].revision.get_comment()


def test_a_save_with_a_workflow_button_is_one_revision_that_says_both(client, reporter):
    article = make_story(by=reporter)
    client.force_login(reporter)
    _edit(client, article, headline="Ready for the desk", _workflow="submit")
    version = services.article_versions(article).get()
    assert version.field_dict["headline"] == "Ready for the desk"
    assert version.field_dict["status"] == Article.Status.IN_REVIEW
    comment = version.revision.get_comment()
    assert "Changed headline." in comment
    assert "In review" in comment


def test_html_to_text_keeps_paragraphs_and_drops_markup():
    html = "<h2>Sub-head</h2><p>One &amp; <strong>two</strong>.</p><ul><li>three</li></ul>"
    assert html_to_text(html) == "Sub-head\nOne & two.\nthree"


def test_diff_marks_changed_words_and_escapes_the_text():
    diff = diff_html("The <b>minister</b> said no.", "The <b>minister</b> said yes.")
    assert str(diff) == "The &lt;b&gt;minister&lt;/b&gt; said <del>no.</del><ins>yes.</ins>"


def _two_revisions(client, reporter):
    article = make_story(
        by=reporter,
        headline="Rain delays match",
        standfirst="Play stopped at lunch.",
        body="<p>The umpires waited.</p><p>Covers came on.</p>",
    )
    client.force_login(reporter)
    _edit(client, article)  # the first kept revision
    _edit(
        client,
        article,
        headline="Rain washes out match",
        body="<p>The umpires waited.</p><p>Play was abandoned <em>at tea</em>.</p>",
    )
    newer, older = services.article_versions(article)[:2]
    return article, older, newer


def test_compare_shows_a_readable_diff_of_headline_standfirst_and_body(client, reporter):
    article, older, newer = _two_revisions(client, reporter)
    url = reverse("admin:articles_article_revision_compare", args=[article.pk])
    # Either order of the choices reads earlier → later.
    response = client.get(url, {"old": newer.pk, "new": older.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rain <del>delays</del><ins>washes out</ins> match" in html
    assert "<del>Covers came on.</del><ins>Play was abandoned _at tea_.</ins>" in html
    assert "Standfirst — unchanged" in html
    assert "Fields changed:</strong> Headline, Body." in html
    assert "<em>" not in html.split("revision-compare")[1]  # the body is compared as text


@pytest.mark.parametrize("query", [{}, {"old": "x", "new": "1"}])
def test_compare_without_two_revisions_is_a_400_with_a_message(client, reporter, query):
    article, _older, _newer = _two_revisions(client, reporter)
    url = reverse("admin:articles_article_revision_compare", args=[article.pk])
    response = client.get(url, query)
    assert response.status_code == 400
    assert "Choose two revisions to compare" in response.content.decode()


def test_compare_with_another_articles_revision_is_a_404(client, reporter):
    article, older, _newer = _two_revisions(client, reporter)
    _other, other_older, _ = _two_revisions(client, reporter)
    url = reverse("admin:articles_article_revision_compare", args=[article.pk])
    assert client.get(url, {"old": other_older.pk, "new": older.pk}).status_code == 404


def test_revisions_page_lists_them_with_compare_and_restore(client, reporter):
    article, older, _newer = _two_revisions(client, reporter)
    html = client.get(
        reverse("admin:articles_article_revisions", args=[article.pk])
    ).content.decode()
    assert "2 revisions, newest first" in html
    assert f"Restore #{older.revision_id}" in html
    assert 'name="old"' in html
    assert 'name="new"' in html


def test_restore_brings_back_the_text_as_a_new_revision(client, reporter):
    article, older, _newer = _two_revisions(client, reporter)
    url = reverse("admin:articles_article_revision_restore", args=[article.pk, older.pk])
    response = client.post(url)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Rain delays match"
    assert "Covers came on." in article.body
    versions = list(services.article_versions(article))
    assert len(versions) == 3
    assert versions[0].field_dict["headline"] == "Rain delays match"
    assert f"revision #{older.revision_id}" in versions[0].revision.get_comment()
    entry = AuditEntry.objects.get(action="restored")
    assert entry.actor == reporter


def test_restore_does_not_change_the_workflow_state(client, reporter, editor):
    article, older, _newer = _two_revisions(client, reporter)
    services.article_submit(actor=reporter, article=article)
    services.article_publish(actor=editor, article=article)
    went_out = Article.objects.get(pk=article.pk).publish_at
    services.article_restore(actor=editor, article=article, version=older)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at == went_out
    assert article.headline == "Rain delays match"
    assert article.shows_updated  # readers are told the live text changed


def test_restore_an_old_draft_revision_never_unpublishes(client, reporter, editor):
    article, older, _newer = _two_revisions(client, reporter)
    assert older.field_dict["status"] == Article.Status.DRAFT
    services.article_publish(actor=editor, article=article)
    services.article_restore(actor=editor, article=article, version=older)
    article.refresh_from_db()
    assert article.is_live


def test_restore_is_post_only_and_refused_to_those_who_may_not_edit(client, reporter, editor):
    article, older, _newer = _two_revisions(client, reporter)
    url = reverse("admin:articles_article_revision_restore", args=[article.pk, older.pk])
    assert client.get(url).status_code == 405
    services.article_submit(actor=reporter, article=article)  # now read-only for the reporter
    assert client.post(url).status_code == 403
    other = make_member("other", REPORTER)
    client.force_login(other)
    assert client.post(url).status_code == 403
    with pytest.raises(services.WorkflowError):
        services.article_restore(actor=other, article=article, version=older)
    article.refresh_from_db()
    assert article.headline == "Rain washes out match"


def test_marked_text_writes_formatting_as_marks():
    from articles.revisions import html_to_marked_text

    html = (
        "<h2>Sub-head</h2><p>One &amp; <strong>two</strong> <em>three</em>.</p>"
        "<ul><li><p>item</p></li></ul><ol><li><p>first</p></li><li><p>second</p></li></ol>"
        '<blockquote><p>“We talked,” she said.</p></blockquote><p>See <a href="https://x.org/r">'
        "the report</a>.</p><hr>"
    )
    assert html_to_marked_text(html).splitlines() == [
        "## Sub-head",
        "One & **two** _three_.",
        "- item",
        "1. first",
        "2. second",
        "> “We talked,” she said.",
        "See [the report](https://x.org/r).",
        "---",
    ]


def test_compare_shows_formatting_changes_and_names_the_fields(client, reporter):
    article = make_story(
        by=reporter,
        headline="Port strike ends",
        body="<p>The union agreed.</p><p>Work resumes today.</p>",
    )
    client.force_login(reporter)
    _edit(client, article)
    _edit(
        client,
        article,
        body=(
            '<p>The <strong>union</strong> <a href="https://example.org/deal">agreed</a>.</p>'
            "<blockquote><p>Work resumes today.</p></blockquote>"
        ),
        dateline_place="MUMBAI",
    )
    newer, older = services.article_versions(article)[:2]
    url = reverse("admin:articles_article_revision_compare", args=[article.pk])
    html = client.get(url, {"old": older.pk, "new": newer.pk}).content.decode()
    body = html.split("revision-compare")[1]
    assert "<ins>**union** [agreed](https://example.org/deal)." in body
    assert "&gt; </ins>Work resumes today." in body
    assert "Body — formatting only" in body
    assert "Fields changed:</strong> Body, Dateline place." in html
