"""The house honeypot, shared by every reader form."""

import pytest
from crispy_forms.utils import render_crispy_form
from django.utils.safestring import mark_safe

from articles.tests.factories import make_article
from comments.forms import CommentForm
from donations.forms import DonationForm
from donations.gateways import SandboxGateway
from donations.tests.factories import make_appeal
from newsroom.forms import PlainEmailInput, PlainHiddenInput, PlainTextInput

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


@pytest.mark.parametrize(
    ("widget_class", "value", "attrs"),
    [
        (PlainTextInput, None, {"autocomplete": "off", "tabindex": "-1"}),
        (PlainEmailInput, "reader@example.com", {"class": "form-control", "required": True}),
        (PlainHiddenInput, 'a "quoted" <value> & more', {"id": "id_page", "disabled": False}),
        (PlainTextInput, 0, {"data-x": "<b>", "maxlength": 300, "aria-describedby": "id_help"}),
        (PlainTextInput, mark_safe("<i>safe</i>"), {"title": mark_safe("<b>also</b>")}),
    ],
)
def test_plain_inputs_render_what_djangos_templates_render(widget_class, value, attrs):
    """The Python-built <input> is byte for byte the markup of Django's input.html/attrs.html,
    escaping and boolean attributes included."""
    widget = widget_class(attrs=attrs)
    template_class = widget_class.__mro__[2]  # the Django widget, rendered by its template
    expected = template_class(attrs=attrs).render("field", value)
    assert widget.render("field", value) == expected
    assert widget.render("field", value, attrs={"id": "id_field"}) == template_class(
        attrs=attrs
    ).render("field", value, attrs={"id": "id_field"})
