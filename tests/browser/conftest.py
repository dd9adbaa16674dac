"""Browser journeys: Playwright drives Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here: use the system Chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


AXE_CORE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe():
    """check(page) fails with the WCAG 2.1 A/AA problems axe-core (package.json) finds on the page or a part of it."""
    if not AXE_CORE.exists():
        pytest.fail(f"{AXE_CORE} is missing: `npm ci` installs it (package.json, devDependencies)")
    source = AXE_CORE.read_text(encoding="utf-8")

    def check(page, within: str | None = None, impacts: tuple[str, ...] | None = None) -> None:
        """`within`: a CSS selector to check only that part of the page; `impacts`: fail only on
        problems of these impacts (e.g. ("serious", "critical")), else on every problem."""
        # Evaluated by the driver, not added as a <script>: the Content Security Policy stays as served.
        page.evaluate(source)
        found = page.evaluate(
            "([within, rules]) => axe.run(within || document, {runOnly: {type: 'tag', values: rules}})",
            [within, AXE_RULES],
        )
        problems = [
            f"{violation['id']}: {node['target']} {node['any'][0]['message'] if node['any'] else ''}"
            for violation in found["violations"]
            if impacts is None or violation["impact"] in impacts
            for node in violation["nodes"]
        ]
        assert problems == [], "\n".join([page.url, *problems])

    return check
