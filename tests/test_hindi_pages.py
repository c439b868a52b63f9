"""The Hindi reader pages speak Hindi (issue 24): every piece of interface text on them comes
from the catalogue (locale/hi), and text in another language is marked with its own `lang`.

The pages are filled with Hindi content, so any word in Latin letters left on them is interface
text someone forgot to translate (or English copy not marked as such). Adding an English
string to a reader template without a translation fails here."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone, translation

from articles.models import Section
from articles.tests.factories import make_article, make_author, make_section
from comments.models import Comment
from donations.models import Donation
from donations.tests.factories import make_appeal
from newsroom.models import SiteSettings
from ticker.tests.factories import make_item

pytestmark = pytest.mark.django_db

# What may stay in Latin letters on a Hindi page: the brand, handles (@asha), the time zone's
# abbreviation, the feed formats' and social networks' names, and the search syntax's own
# keyword (in <kbd>). Data the reader gave or is given as a code stays too: e-mail addresses and
# receipt numbers (NW-2026-27-000001).
ALLOWED = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+|\bIST\b|\bRSS\b|\bAtom\b"
    r"|\b(?:Facebook|WhatsApp|LinkedIn|X)\b|\b[A-Z]{2,}-\d{4}-\d{2}-\d+\b"
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Attributes whose text a reader hears or sees.
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class _HindiAudit(HTMLParser):
    """Text and spoken attributes in the page's own language: outside <head>, <script>,
    <style>, <kbd>, and any element whose `lang` names another language."""

    SKIPPED = {"head", "script", "style", "template", "kbd", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, page_language):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack = []  # (tag, skipped)
        self.found = []

    def _skipped(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        other = lang is not None and not lang.startswith(self.page_language)
        # Nobody sees or hears a hidden element (the forms' bot trap is aria-hidden).
        hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true"
        skipped = tag in self.SKIPPED or other or hidden
        if not self._skipped() and not skipped:
            for name in SPOKEN_ATTRIBUTES:
                if attrs.get(name):
                    self.found.append(attrs[name])
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _skipped = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.found.append(data.strip())


def untranslated(html, site_name):
    audit = _HindiAudit("hi")
    audit.feed(html)
    leftovers = []
    for text in audit.found:
        remaining = ALLOWED.sub(" ", text.replace(site_name, " "))
        remaining = re.sub(r"https?://\S+", " ", remaining)
        if LATIN_WORD.search(remaining):
            leftovers.append(text)
    return leftovers


@pytest.fixture
def hindi_newsroom():
    SiteSettings.objects.update(tagline="News from India, as it happens")
    national = make_section(name="National", slug="national", translations={"hi": {"name": "देश"}})
    make_section(name="World", slug="world", translations={"hi": {"name": "दुनिया"}})
    author = make_author(name="आशा वर्मा", slug="asha-verma", handle="asha", bio="")
    now = timezone.now()
    stories = []
    for number, (headline, standfirst) in enumerate(
        [
            ("मानसून ने केरल में दस्तक दी", "तय समय से दो दिन पहले पहुँची बारिश।"),
            ("दिल्ली में बिजली की माँग रिकॉर्ड स्तर पर", "गर्मी ने पुराने आँकड़े पीछे छोड़े।"),
            ("किसानों के लिए नई बीमा योजना", "फसल ख़राब होने पर तीस दिन में भुगतान।"),
        ]
    ):
        story = make_article(
            section=national,
            headline=headline,
            slug=f"हिंदी-ख़बर-{number}",
            standfirst=standfirst,
            body=f"<p>{standfirst} पूरी ख़बर यहाँ है।</p>",
            language="hi",
            publish_at=now - timedelta(hours=number + 1),
            authors=[author],
            tags=["मानसून"],
        )
        stories.append(story)
    Comment.objects.create(
        article=stories[0],
        name="रमेश",
        email="ramesh@example.com",
        body="अच्छी ख़बर।",
        status=Comment.Status.APPROVED,
        moderated_at=timezone.now(),
    )
    make_appeal(
        translations={
            "hi": {
                "title": "हमारी पत्रकारिता का साथ दें",
                "lead": "सबके लिए मुफ़्त।",
                "body": "स्वतंत्र पत्रकारिता पाठकों के सहयोग से चलती है।",
                "closing": "आज ही सहयोग करें।",
            }
        },
        goal=100000,
    )
    make_item(text="संसद का सत्र कल से", language="hi", urgency="breaking")
    make_item(text="Parliament session from tomorrow", language="en")
    return stories


def _pages(stories):
    story = stories[0]
    return [
        "/hi/",
        "/hi/national/",
        story.get_absolute_url(),
        "/hi/tag/मानसून/",
        "/hi/author/asha-verma/",
        "/hi/search/",
        "/hi/search/?q=मानसून",
        "/hi/search/?q=ज्वालामुखी",
        "/hi/corrections/",
    ]


def test_hindi_reader_pages_have_no_untranslated_interface_text(client, hindi_newsroom):
    site_name = SiteSettings.current().site_name
    problems = {}
    for path in _pages(hindi_newsroom):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<html lang="hi-IN">' in html, path
        if leftovers := untranslated(html, site_name):
            problems[path] = leftovers
    assert not problems, f"English text on Hindi pages (translate it, or mark its lang): {problems}"


def test_the_audit_catches_an_untranslated_string(client, hindi_newsroom):
    # The same page with the catalogue off for one word shows the English word: the test above
    # would fail on it.
    html = client.get("/hi/").content.decode()
    site_name = SiteSettings.current().site_name
    assert untranslated(html, site_name) == []
    with translation.override("en"):
        english_word = translation.gettext("Top stories")
    assert untranslated(html.replace("प्रमुख ख़बरें", english_word), site_name) == [english_word]


def test_the_hindi_pages_show_the_hindi_copy(client, hindi_newsroom):
    page = client.get(hindi_newsroom[0].get_absolute_url()).content.decode()
    assert "देश" in page  # the section's Hindi name
    assert "हमारी पत्रकारिता का साथ दें" in page  # the appeal's Hindi title
    assert "टिप्पणियाँ (1)" in page
    english = client.get("/").content.decode()
    assert "National" not in english or "देश" not in english
    assert Section.objects.get(slug="national").name == "National"  # the admin's own value


def test_each_language_has_its_ticker(client, hindi_newsroom):
    hindi = client.get("/hi/").content.decode()
    english = client.get("/").content.decode()
    assert "संसद का सत्र कल से" in hindi
    assert "Parliament session from tomorrow" not in hindi
    assert "Parliament session from tomorrow" in english
    assert "संसद का सत्र कल से" not in english
    assert client.get("/hi/islands/ticker/").content.decode().count("संसद") == 2  # and its copy


def test_hindi_dates_use_hindi_month_names(client, hindi_newsroom, settings):
    story = hindi_newsroom[0]
    page = client.get(story.get_absolute_url()).content.decode()
    months = ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर"]
    months += ["अक्टूबर", "नवंबर", "दिसंबर"]
    assert any(month in page for month in months)
    settings.NEWSROOM_LANGUAGES = {
        **settings.NEWSROOM_LANGUAGES,
        "hi": {**settings.NEWSROOM_LANGUAGES["hi"], "native_digits": True},
    }
    from newsroom.clock import dateline

    with translation.override("hi"):
        shown = dateline(story.publish_at)
    assert not re.search(r"[0-9]", shown)
    assert re.search("[\\u0966-\\u096f]", shown)  # Devanagari digits


# Giving, comments, the footer pages, errors and previews: the reader's journeys in Hindi, each
# page audited as above, and the e-mails in the language the reader gave or asked in.


def _audit(response, expected_status=200):
    assert response.status_code == expected_status, response.request["PATH_INFO"]
    html = response.content.decode()
    assert '<html lang="hi-IN">' in html, response.request["PATH_INFO"]
    return untranslated(html, SiteSettings.current().site_name)


def _without(text, codes):
    for code in codes:
        text = text.replace(code, " ")
    return text


def _hindi_gift(client, capture):
    """Give ₹250 a month from the Hindi support page through the sandbox; returns every page
    seen on the way, the donation and its thanks page."""
    seen = {}
    support = client.get("/hi/support/?amount=250&frequency=monthly")
    seen["/hi/support/"] = _audit(support)
    response = client.post(
        "/hi/support/",
        {
            "amount": "250",
            "other_amount": "",
            "frequency": "monthly",
            "name": "सुनीता",
            "email": "sunita@example.com",
            "message": "",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sandbox = response["Location"]
    assert sandbox.startswith("/hi/support/sandbox/")
    seen[sandbox] = _audit(client.get(sandbox))
    with capture(execute=True):
        thanks = client.post(sandbox, {"result": "succeed"})["Location"]
    assert thanks.startswith("/hi/support/thanks/")
    seen[thanks] = _audit(client.get(thanks))
    return seen, Donation.objects.get(email="sunita@example.com")


def test_giving_in_hindi_speaks_hindi_and_so_do_its_emails(
    client, hindi_newsroom, mailoutbox, django_capture_on_commit_callbacks
):
    seen, donation = _hindi_gift(client, django_capture_on_commit_callbacks)
    assert donation.language == "hi"
    assert donation.recurring_gift.language == "hi"
    receipt = mailoutbox[-1]
    assert "से आपकी रसीद" in receipt.subject
    assert "प्रिय सुनीता," in receipt.body
    assert "रसीद संख्या:" in receipt.body
    assert "Receipt number" not in receipt.body
    assert "/hi/support/my-giving/" in receipt.body
    assert "हमारी पत्रकारिता का साथ दें" in receipt.body  # the appeal's Hindi title
    # The payment gateway's name stays as it is.
    codes = ("Sandbox",)
    assert not untranslated(_without(receipt.body, codes), "Newswire")

    # "My giving": asked for on the Hindi page, the link comes in Hindi and opens Hindi pages.
    seen["/hi/support/my-giving/"] = _audit(client.get("/hi/support/my-giving/"))
    sent = client.post("/hi/support/my-giving/", {"email": donation.email, "website": ""})
    seen["giving sent"] = _audit(sent)
    link_mail = mailoutbox[-1]
    assert "सहयोग" in link_mail.subject
    assert not untranslated(link_mail.body, "Newswire")
    link = re.search(r"/hi/support/my-giving/open/\S+/", link_mail.body).group(0)
    seen[link] = _audit(client.get(link))
    opened = client.post(link)
    assert opened["Location"] == "/hi/support/my-giving/gifts/"
    assert opened.cookies["newsroom_giving"]["path"] == "/hi/support/my-giving/"
    seen["gifts"] = _audit(client.get("/hi/support/my-giving/gifts/"))
    assert not {page: words for page, words in seen.items() if words}, seen


def test_an_english_gift_keeps_english_emails(
    client, hindi_newsroom, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post(
        "/support/",
        {"amount": "250", "frequency": "one_time", "name": "Asha", "email": "a@example.com"}
        | {"other_amount": "", "message": "", "website": ""},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"result": "succeed"})
    donation = Donation.objects.get(email="a@example.com")
    assert donation.language == "en"
    assert mailoutbox[-1].subject.startswith("Your receipt")
    assert "Receipt number:" in mailoutbox[-1].body
    assert "/hi/" not in mailoutbox[-1].body


def test_comment_pages_footer_pages_and_errors_in_hindi(client, hindi_newsroom, settings):
    story = hindi_newsroom[0]
    site = SiteSettings.current()
    site.about = "We are a wire."
    site.translations = {"hi": {"about": "हम एक समाचार एजेंसी हैं।"}}
    site.save()
    problems = {}
    form = client.get(f"/hi/comments/{story.pk}/new/")
    problems["comment form"] = _audit(form)
    assert f'action="/hi/comments/{story.pk}/post/"' in form.content.decode()
    problems["held"] = _audit(client.get(f"/hi/comments/{story.pk}/held/"))
    about = client.get("/hi/about/")
    problems["about"] = _audit(about)
    assert "हम एक समाचार एजेंसी हैं।" in about.content.decode()
    assert "We are a wire." in client.get("/about/").content.decode()
    problems["404"] = _audit(client.get("/hi/no-such-page/"), 404)
    assert not {page: words for page, words in problems.items() if words}, problems

    from django.template.loader import render_to_string

    with translation.override("hi"):
        error_page = render_to_string("500.html")
    assert '<html lang="hi-IN">' in error_page
    assert not untranslated(error_page, "Newswire")


def test_staff_previews_of_hindi_stories_are_in_hindi(admin_client, hindi_newsroom):
    draft = make_article(
        headline="अभी अप्रकाशित ख़बर",
        slug="अप्रकाशित",
        standfirst="जल्द ही।",
        body="<p>जल्द ही।</p>",
        language="hi",
        status="draft",
        publish_at=None,
        section=hindi_newsroom[0].section,
    )
    response = admin_client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert "पूर्वावलोकन: यह ख़बर अभी ड्राफ़्ट है। पाठक इसे नहीं देख सकते।" in html
    assert _audit(response) == []


def test_newsletter_pages_and_emails_in_hindi(
    client, hindi_newsroom, mailoutbox, django_capture_on_commit_callbacks
):
    from newsletters.models import Subscriber
    from newsletters.tests.factories import make_newsletter

    make_newsletter(
        name="Morning Briefing",
        description="The day's news at seven.",
        kind="briefing",
        is_default=True,
        translations={"hi": {"name": "सुबह की ख़बरें", "description": "सात बजे दिन की ख़बरें।"}},
    )
    problems = {}
    index = client.get("/hi/newsletters/")
    problems["index"] = _audit(index)
    assert "सुबह की ख़बरें" in index.content.decode()
    assert "Morning Briefing" in client.get("/newsletters/").content.decode()
    form = index.content.decode()
    assert 'action="/hi/newsletters/subscribe/"' in form
    newsletter_id = re.search(r'name="newsletters" value="(\d+)"', form).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/hi/newsletters/subscribe/",
            {"email": "meera@example.com", "newsletters": newsletter_id, "source": "newsletters"}
            | {"page": "/hi/newsletters/", "website": ""},
        )
    problems["check inbox"] = _audit(sent)
    assert Subscriber.objects.get(email="meera@example.com").language == "hi"
    confirmation = mailoutbox[-1]
    assert "सदस्यता की पुष्टि" in confirmation.subject
    assert not untranslated(confirmation.body, "Newswire")
    assert "सुबह की ख़बरें" in confirmation.body
    html_part = confirmation.alternatives[0][0]
    assert '<html lang="hi">' in html_part
    assert not untranslated(html_part, "Newswire")
    link = re.search(r"/hi/newsletters/confirm/\S+/", confirmation.body).group(0)
    problems["confirm"] = _audit(client.get(link))
    problems["confirmed"] = _audit(client.post(link))
    from newsletters import links

    subscriber = Subscriber.objects.get(email="meera@example.com")
    with translation.override("hi"):
        preferences = links.preferences_url(subscriber)
        unsubscribe = links.unsubscribe_url(subscriber, subscriber.subscriptions.get().newsletter)
    problems["preferences"] = _audit(client.get(preferences[preferences.index("/hi/") :]))
    unsubscribe = unsubscribe[unsubscribe.index("/hi/") :]
    problems["unsubscribe"] = _audit(client.get(unsubscribe))
    problems["unsubscribed"] = _audit(client.post(unsubscribe))
    assert not {page: words for page, words in problems.items() if words}, problems


def test_live_coverage_in_hindi(client, hindi_newsroom):
    from live.services import entry_edit, entry_pin
    from live.tests.factories import make_coverage, make_entry

    story = hindi_newsroom[0]
    coverage = make_coverage(article=story)
    first = make_entry(coverage=coverage, title="बचाव दल पहुँचा", body="<p>राहत शुरू।</p>")
    make_entry(coverage=coverage, body="<p>बारिश थमी।</p>")
    entry_pin(entry=first, actor=None)
    entry_edit(entry=first, actor=None, body="<p>राहत कार्य शुरू।</p>")
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert "लाइव" in html
    assert "पिन किया गया" in html
    assert _audit(response) == []
