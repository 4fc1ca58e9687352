"""Playwright's sync API driving Debian's Chromium (browsers cannot be downloaded here).

pytest-playwright is not used: its pytest-base-url dependency needs the PyPI `requests`
package, which the requests/ app shadows. Without /usr/bin/chromium the browser tests are
skipped with a reason, except under CI=true where that is a failure.
"""

import os
from pathlib import Path

import pytest

from tests.helpers import skip_unless_ci

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from
# fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_unless_ci(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every journey doubles as a check of the Content Security Policy (issue 16, item 6):
    # whatever the browser refused to run or apply is a failure of the test that met it.
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not refused, "the Content Security Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page; no serious or critical violation is allowed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        results = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"axe on {page.url}:\n" + "\n".join(bad)

    return check
