"""The benchmark's settings: the product's, with a URLconf that adds the baseline view.

`python -m bench` and `python -m bench.profile` run with DJANGO_SETTINGS_MODULE=bench.settings;
the product's own URLconf knows nothing of the benchmark.
"""

from newsroom.settings import *  # noqa: F403 - the product's settings, unchanged

ROOT_URLCONF = "bench.urls"
