"""The committed translation catalogues (locale/): the compiled .mo says what the .po says, so a
machine without gettext (which serves the committed .mo) shows the same translations."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from newsroom.languages import other_languages

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("code", other_languages())
def test_the_compiled_catalogue_matches_its_source(code, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    source = LOCALE / code / "LC_MESSAGES" / "django.po"
    committed = LOCALE / code / "LC_MESSAGES" / "django.mo"
    assert source.exists(), f"no catalogue for {code}: make messages"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(source)], check=True)  # noqa: S603, S607
    with compiled.open("rb") as fresh, committed.open("rb") as kept:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
        kept_catalog = gettext.GNUTranslations(kept)._catalog
    assert kept_catalog == fresh_catalog, f"locale/{code}: run make messages (or msgfmt) again"
