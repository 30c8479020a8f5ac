"""Real-browser end-to-end test: Debian's chromium driven by Playwright (no `playwright install`).

A warehouse is built from seeds/ with the real ETL (`civic-etl build`), the app is served on
127.0.0.1 on a free port, and the browser clicks a province tile on 地区, checks that the table
holds only that province's claims, selects the first claim and checks that its sentence is
highlighted with the figure marked inside it. Screenshots go to tests/artifacts/.

When chromium or civic-etl is missing the test is skipped, unless CIVIC_E2E_REQUIRED=1 (CI),
where it fails. CIVIC_E2E_WAREHOUSE=<file> serves an existing warehouse instead of building one
(used to validate the test against tests/dashboard_fixture.py while the ETL was being written).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from dashboard import queries  # noqa: E402
from dashboard.warehouse import open_read_only  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
VENV_BIN = Path(sys.executable).parent
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 30_000

pytestmark = pytest.mark.e2e


def _required() -> bool:
    return os.environ.get("CIVIC_E2E_REQUIRED") == "1"


def _unavailable(reason: str) -> None:
    if _required():
        pytest.fail(f"{reason} (CIVIC_E2E_REQUIRED=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def _civic_etl() -> str | None:
    candidate = VENV_BIN / "civic-etl"
    if candidate.exists():
        return str(candidate)
    return shutil.which("civic-etl")


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    override = os.environ.get("CIVIC_E2E_WAREHOUSE")
    if override:
        return Path(override)
    etl = _civic_etl()
    if etl is None:
        _unavailable("civic-etl is not installed in this environment (pip install -e .)")
    target = tmp_path_factory.mktemp("e2e") / "civic.duckdb"
    result = subprocess.run(
        [etl, "build", "--input", str(REPO_ROOT / "seeds"), "--warehouse", str(target)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
    )
    # 0 = every file loaded, 3 = loaded with some files rejected: both publish a warehouse.
    assert result.returncode in (0, 3), f"civic-etl build failed ({result.returncode}):\n{result.stderr}"
    assert target.exists()
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(seeds_warehouse: Path) -> str:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    port = _free_port()
    env = {**os.environ, "CIVIC_WAREHOUSE": str(seeds_warehouse)}
    log_path = seeds_warehouse.parent / f"streamlit_{port}.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [str(VENV_BIN / "streamlit"), "run", str(REPO_ROOT / "dashboard" / "app.py"),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, log_path)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_healthy(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"streamlit exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not become healthy:\n{log_path.read_text()}")


def _expected(warehouse: Path) -> tuple[str, str, list, dict]:
    """The province with most claims, its short tile label, its drill rows, and the first claim."""
    handle = open_read_only(warehouse)
    try:
        by_province = handle.run(queries.aggregate, ("province",), queries.ClaimFilter())
        top = by_province.sort_values(["n_claims", "province"], ascending=[False, True]).iloc[0]
        province = str(top["province"])
        rows = handle.run(queries.claim_rows, queries.ClaimFilter(), queries.Drill(province=province))
        first = handle.run(queries.claim_detail, str(rows.iloc[0]["claim_id"]))
    finally:
        handle.connection.close()
    from dashboard.tilemap import tiles

    short = str(tiles().set_index("province").loc[province, "short"])
    return province, short, rows["province"].tolist(), first


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _wait_ready(page) -> None:
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)


def test_click_province_select_claim_see_highlight(app_url: str, seeds_warehouse: Path, browser) -> None:
    province, short, drill_provinces, first_claim = _expected(seeds_warehouse)
    assert set(drill_provinces) == {province}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1700})
    page.goto(f"{app_url}/region")
    _wait_ready(page)

    # 1. click the province's tile on the map (the label sits on the tile and carries its datum)
    tile_map = page.locator('[data-testid="stVegaLiteChart"]').first
    tile_map.locator(f'text[aria-label*="省份: {province}"]', has_text=short).first.click()
    page.wait_for_url(f"**pick=province%3A{quote(province)}**", timeout=TIMEOUT_MS)
    _wait_ready(page)
    page.get_by_text(f"省份：{province}").first.wait_for(timeout=TIMEOUT_MS)

    # 2. the drill-down table lists that province's claims only (column 6 = 省份)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=TIMEOUT_MS)
    page.get_by_text(f"共 {len(drill_provinces)} 条").first.wait_for(timeout=TIMEOUT_MS)
    province_cells = table.locator('td[aria-colindex="6"]')
    # the grid is a canvas; its (visually hidden) accessible table holds the cell texts
    province_cells.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert set(province_cells.all_text_contents()) == {province}
    assert table.locator('td[aria-colindex="1"]').first.text_content() == first_claim["mention"]
    page.screenshot(path=str(ARTIFACTS / "e2e_region_drill.png"), full_page=True)

    # 3. select the first row: click its row-selection checkbox (first column of the grid canvas)
    box = table.bounding_box()
    assert box is not None
    header_px, row_px = 35, 35
    page.mouse.click(box["x"] + 18, box["y"] + header_px + row_px / 2)
    page.wait_for_url(f"**claim={first_claim['claim_id']}**", timeout=TIMEOUT_MS)
    _wait_ready(page)

    # 4. the source text: sentence highlighted, figure marked inside it, as text
    figure = page.locator("mark.claim-sentence mark.claim-figure").first
    figure.wait_for(timeout=TIMEOUT_MS)
    assert figure.inner_text() == first_claim["mention"]
    sentence = page.locator(".claim-sentence-box mark.claim-sentence").first
    assert sentence.inner_text() == first_claim["sentence"]
    article_mark = page.locator(".claim-article mark.claim-sentence").first
    assert article_mark.inner_text() == first_claim["sentence"]
    background = figure.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".claim-title").first.inner_text().strip() != ""
    page.locator(".claim-source").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "e2e_claim_source.png"), full_page=True)
    page.locator(".claim-source").first.screenshot(path=str(ARTIFACTS / "e2e_claim_source_card.png"))

    # 5. the URL is a deep link: a fresh page on it reopens the same province and claim
    deep_link = page.url
    again = browser.new_page(viewport={"width": 1400, "height": 1700})
    again.goto(deep_link)
    _wait_ready(again)
    again.locator("mark.claim-figure").first.wait_for(timeout=TIMEOUT_MS)
    assert again.locator("mark.claim-figure").first.inner_text() == first_claim["mention"]
    again.get_by_text(f"省份：{province}").first.wait_for(timeout=TIMEOUT_MS)
    again.close()
    page.close()
