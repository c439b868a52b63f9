"""The suite's own set-up: warnings policy and what keeps parallel workers apart."""

import warnings

import pytest

from conftest import _redis_url_for_this_worker

from .visible import visible_text


def test_a_deprecation_warning_from_our_code_fails_the_test():
    with pytest.raises(DeprecationWarning):
        warnings.warn("an API we should stop using", DeprecationWarning, stacklevel=1)
    with pytest.raises(PendingDeprecationWarning):
        warnings.warn("an API Django will deprecate", PendingDeprecationWarning, stacklevel=1)


def test_each_xdist_worker_gets_its_own_redis_database():
    assert _redis_url_for_this_worker("redis://127.0.0.1:6379/6", 0) == "redis://127.0.0.1:6379/6"
    assert _redis_url_for_this_worker("redis://127.0.0.1:6379/6", 1) == "redis://127.0.0.1:6379/7"
    assert _redis_url_for_this_worker("redis://h:6379", 2) == "redis://h:6379/2"
    with pytest.raises(pytest.UsageError, match="no Redis database"):
        _redis_url_for_this_worker("redis://h:6379/15", 1)


def test_visible_text_leaves_out_metadata_and_scripts():
    html = (
        "<html><head><title>HAVANA</title>"
        '<script type="application/ld+json">{"dateline": "HAVANA"}</script></head>'
        "<body><p>Talks <b>resume</b>&amp; end</p><script>var x = 'CHENNAI';</script>"
        "<style>.a{}</style><p>\n  in   Delhi</p></body></html>"
    )
    assert visible_text(html) == "Talks resume & end in Delhi"
