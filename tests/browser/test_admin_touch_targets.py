"""The admin on a phone (issue 20): at 375 px the pages staff use most do not scroll sideways as a
whole, and every button, form control and control-like link (object tools, paging, the search
box, the action bar) is at least 44 px tall. Links inside running text and table cells are left
out: they are words in a sentence or a row, which WCAG's target-size rule exempts."""

import pytest

from articles.tests.factories import make_article, make_author, make_member, make_section
from images.tests.factories import make_image
from newsroom.roles import EDITOR

from .conftest import login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"

# Controls people press: buttons, inputs, selects, and links styled or placed as controls.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, '
    + 'a.button, .object-tools a, .paginator a, .submit-row a, .add-row a, #toggle-nav-sidebar, '
    + '.select2-selection'
  )]
  .filter(node => node.offsetParent !== null && !node.closest('.prose-editor'))
  .map(node => ({
    what: (node.tagName + ' ' + (node.textContent.trim() || node.name || node.id
           || node.className)).slice(0, 60),
    height: Math.round(node.getBoundingClientRect().height),
  }))
  .filter(found => found.height < 44)"""


@pytest.fixture
def newsroom():
    section = make_section(name="World", slug="world")
    author = make_author(name="Asha Verma", handle="ashaverma")
    picture = make_image(size=(600, 400))
    story = make_article(section=section, authors=[author], lead_image=picture)
    return {"section": section, "author": author, "picture": picture, "story": story}


PAGES = [
    "/admin/",
    "/admin/articles/article/",
    "/admin/articles/article/?q=headline",
    "/admin/images/image/",
    "/admin/images/image/add/",
    "/admin/images/image/{picture}/change/",
    "/admin/articles/section/{section}/change/",
    "/admin/articles/author/{author}/change/",
    "/admin/ticker/tickeritem/add/",
    "/admin/articles/article/{story}/change/",
]


@pytest.mark.parametrize("address", PAGES)
def test_admin_pages_have_44px_targets_and_no_sideways_scroll_at_375px(
    live_server, page, newsroom, address, output_dir
):
    make_member("desk", EDITOR)
    page.set_viewport_size({"width": 375, "height": 800})
    login_to_admin(page, live_server, "desk", PASSWORD)
    url = live_server.url + address.format(
        picture=newsroom["picture"].pk,
        section=newsroom["section"].pk,
        author=newsroom["author"].pk,
        story=newsroom["story"].pk,
    )
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, address
    name = "-".join(part for part in address.split("/") if part and "{" not in part)
    page.screenshot(path=output_dir / f"admin-375-{name.replace('?', '-')}.png", full_page=True)
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], f"{address}: {small}"
