"""Browser tests: Playwright (python) driving Debian's Chromium against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (fixtures) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("SITEOPS_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip("Chromium is not installed; `make test-e2e` / .ci/run install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/backoffice/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert_chinese(page)  # where a position lands (the workbench)


# --- Every Chinese page a position opens reads as Chinese (issue 12: words a Chinese user reads) --

import re  # noqa: E402

# Words that are Chinese users' words too: the product's name, file types, units.
ALLOWED_WORDS = {
    "SiteOps",
    "English",  # the language switch names its language
    "Excel",
    "Photoshop",  # software named in a job's requirements (the recruitment request)
    "Illustrator",
    "xlsx",
    "csv",
    "png",
    "jpg",
    "jpeg",
    "webp",
    "ml",
    "kg",
    "cm",
    "mm",
    "px",
}
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|/[\w\-./?=&%#]+")
# A raw code: snake_case (pending_payment, home_banner_1), or a dotted permission (work.view_x).
_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+\b")
# An English word: three or more Latin letters with at least one lower-case letter. Upper-case
# tokens (SKU, API, position and document codes such as PED or SPU00012) are identifiers people use.
_WORD = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z]*[a-z][A-Za-z]*(?![A-Za-z0-9_])")


def english_left(text: str, allow=()) -> list[str]:
    """The English words and raw codes in a page's visible text (after the allowed ones)."""
    allowed = ALLOWED_WORDS | set(allow)
    text = _EMAIL_OR_URL.sub(" ", text)
    found = [m for m in _CODE.findall(text) if m not in allowed]
    text = _CODE.sub(" ", text)
    found += [w for w in _WORD.findall(text) if len(w) >= 3 and w not in allowed]
    return sorted(set(found))


# The body's rendered text without icon-font ligatures (unfold's Material Symbols draw an icon
# from a word such as "dock_to_right"; no person reads it as text) and without <code>/<kbd>: codes
# a person must type into a file, each shown next to its label.
_VISIBLE_TEXT = """() => {
  const icons = [...document.querySelectorAll(
    '[class*="material-symbols"], [class*="material-icons"], code, kbd')]
    .concat([...document.querySelectorAll('body *')].filter(
      e => getComputedStyle(e).fontFamily.includes('Material Symbols')));
  const saved = icons.map(e => e.textContent);
  icons.forEach(e => { e.textContent = ''; });
  const text = document.body.innerText;
  icons.forEach((e, i) => { e.textContent = saved[i]; });
  return text;
}"""


def assert_chinese(page, allow=()) -> None:
    """Fail when the page's visible text (Chinese locale) has English words or raw codes left."""
    if not (page.evaluate("document.documentElement.lang") or "").lower().startswith("zh"):
        return  # an English page (the language switch) is allowed to be English
    text = page.evaluate(_VISIBLE_TEXT)
    from siteops.org.models import User

    # Login names are Latin by nature (the page shows who is logged in / who did what).
    left = english_left(text, {*allow, *User.objects.values_list("username", flat=True)})
    assert not left, f"English words or raw codes on {page.url}: {left}"


def visit(page, url: str, allow=()):
    """Open ``url``, wait for it, and check its words (the browser tests open pages through it)."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert_chinese(page, allow)
    return response
