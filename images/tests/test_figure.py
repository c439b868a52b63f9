import re

import pytest
from django.template import Context, Template

from .factories import make_image

pytestmark = pytest.mark.django_db


def render(snippet, **context):
    return Template("{% load images_tags %}" + snippet).render(Context(context))


def test_figure_markup_has_srcset_sizes_dimensions_alt_caption_and_credit():
    image = make_image(
        size=(1000, 500), alt_text="Boats in a harbour", caption="Dawn.", credit="Agency/Jo"
    )
    html = render("{% figure image %}", image=image)
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    assert [part.split()[-1] for part in srcset.split(", ")] == ["480w", "800w", "1000w"]
    assert all(".webp" in part for part in srcset.split(", "))
    assert 'sizes="(min-width: 52rem) 48rem, calc(100vw - 2rem)"' in html
    assert 'width="1000" height="500"' in html
    assert 'alt="Boats in a harbour"' in html
    assert 'loading="lazy"' in html
    assert "fetchpriority" not in html
    assert '<span class="figure__text">Dawn.</span>' in html
    assert re.search(r'<span class="figure__credit">.*Agency/Jo</span>', html)
    assert html.index("<img") < html.index("<figcaption")


def test_lead_figure_loads_eagerly_with_high_priority():
    html = render("{% figure image lead=True %}", image=make_image())
    assert 'fetchpriority="high"' in html
    assert 'loading="eager"' in html
    assert 'loading="lazy"' not in html


def test_credit_shows_even_without_a_caption():
    html = render(
        "{% figure image %}",
        image=make_image(caption="", credit="Official Instagram/The White House"),
    )
    assert "<figcaption" in html
    assert "figure__text" not in html
    assert "Official Instagram/The White House" in html


def test_caption_and_alt_text_are_escaped():
    html = render("{% figure image %}", image=make_image(caption="<b>x</b>", alt_text='a "quote"'))
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'alt="a &quot;quote&quot;"' in html
