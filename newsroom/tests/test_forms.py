"""The house honeypot, shared by every reader form."""

import pytest
from crispy_forms.utils import render_crispy_form

from articles.tests.factories import make_article
from comments.forms import CommentForm
from donations.forms import DonationForm
from donations.gateways import SandboxGateway
from donations.tests.factories import make_appeal

pytestmark = pytest.mark.django_db


def _forms(data=None):
    return [
        CommentForm(data, article=make_article()),
        DonationForm(data, appeal=make_appeal(), gateway=SandboxGateway()),
    ]


def test_every_reader_form_hides_the_same_trap_from_people_and_screen_readers():
    for form in _forms():
        html = " ".join(render_crispy_form(form).split())
        assert 'class="form-trap" aria-hidden="true"> <div id="div_id_website"' in html
        assert 'name="website"' in html
        assert 'tabindex="-1"' in html


def test_a_filled_trap_marks_a_bot_and_an_empty_one_does_not():
    for form in _forms({"website": " http://spam.example "}):
        assert form.is_bot
    for form in _forms({"website": "  "}):
        assert not form.is_bot
