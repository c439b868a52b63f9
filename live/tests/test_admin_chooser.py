"""A live entry's picture is chosen in the admin with the library's chooser (thumbnails, search,
upload in a dialog), as a story's pictures are."""

import pytest
from django.urls import reverse

from images.tests.factories import make_image

pytestmark = pytest.mark.django_db


def test_the_live_entry_admin_chooses_its_picture_with_the_chooser(admin_client):
    picture = make_image(caption="Rescue boats at the jetty")
    html = admin_client.get(reverse("admin:live_liveentry_add")).content.decode()
    assert 'data-image-chooser data-chooser-url="/admin/images/image/chooser/"' in html
    assert '<input type="hidden" name="image" value="" id="id_image"' in html
    assert 'data-field-name="image"' not in html  # no select2 autocomplete
    assert 'id="add_id_image"' not in html  # no popup window
    assert picture.caption not in html  # no list of captions: the dialog fetches the library
