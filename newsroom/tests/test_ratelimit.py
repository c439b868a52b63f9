from newsroom.ratelimit import hit


def test_allows_up_to_the_limit_then_refuses():
    assert [hit("reader-a", 3, 60) for _ in range(5)] == [True, True, True, False, False]


def test_keys_are_counted_separately():
    for _ in range(2):
        hit("reader-a", 2, 60)
    assert hit("reader-a", 2, 60) is False
    assert hit("reader-b", 2, 60) is True


def test_a_new_window_starts_once_the_old_one_expires(settings):
    from django.core.cache import cache

    assert hit("reader-c", 1, 60) is True
    assert hit("reader-c", 1, 60) is False
    cache.delete("ratelimit:reader-c")  # what the cache does when the window's timeout passes
    assert hit("reader-c", 1, 60) is True
