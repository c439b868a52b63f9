"""Every app's tests run: pytest only collects the folders named in pyproject's testpaths."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_app_with_tests_is_collected():
    testpaths = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
            "testpaths"
        ]
    )
    with_tests = {path.parent.parent.name for path in ROOT.glob("*/tests/__init__.py")}
    missing = sorted(with_tests - testpaths)
    assert not missing, (
        f"add these to [tool.pytest.ini_options] testpaths in pyproject.toml: {missing}"
    )
