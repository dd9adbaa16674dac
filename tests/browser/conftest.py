"""Browser journeys: Playwright drives Debian's Chromium against a live server."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here: use the system Chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM}
