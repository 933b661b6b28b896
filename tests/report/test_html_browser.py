"""The HTML report in a real headless Chromium: loads clean, filters work, hostile source inert."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import PageRun


def visible_rows(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "section.file .row",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.status)",
    )


def assert_clean_load(run: PageRun, report: Path) -> None:
    assert run.errors == [], run.errors
    # self-contained: the page itself is the only thing it loads
    assert run.requests == [report.as_uri()], run.requests


def test_report_loads_without_errors_and_filters_change_what_is_shown(
    converted: Any, open_report: Any, tmp_path: Path
) -> None:
    app = converted("support-desk-1x")
    summary = json.loads((app.out / "migration-report.json").read_text())["summary"]
    report = app.out / "migration-report.html"
    run = open_report(report)
    page = run.page
    assert page.title() == "Migration report: support-desk-1x"

    before = visible_rows(page)
    for status, count in summary.items():
        assert before.count(status) == count, status
    assert page.inner_text("#shown") == f"{len(before)} of {len(before)} shown"

    page.click('[data-filter="native"]')  # a real mouse click on the chip
    after = visible_rows(page)
    assert "native" not in after and len(after) == len(before) - summary["native"]
    assert page.get_attribute('[data-filter="native"]', "aria-pressed") == "false"
    # a file whose constructs are all native disappears with them
    only_native = page.evaluate(
        """Array.from(document.querySelectorAll('section.file')).filter(f => {
             const s = Array.from(f.querySelectorAll('.row')).map(r => r.dataset.status);
             return s.length && s.every(x => x === 'native'); }).map(f => f.dataset.path)"""
    )
    assert only_native
    assert not page.is_visible(f'section.file[data-path="{only_native[0]}"]')

    page.click('[data-filter="native"]')
    assert visible_rows(page) == before

    page.fill("#search", "lookup-customer")
    searched = visible_rows(page)
    assert 1 <= len(searched) < len(before)
    assert page.is_visible('section.file[data-path="src/mastra/tools/customers.ts"]')
    page.fill("#search", "no-such-thing-anywhere")
    assert visible_rows(page) == [] and page.is_visible("#nothing")
    page.fill("#search", "")

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert_clean_load(run, report)


def test_side_by_side_shows_typescript_beside_python_with_rule_links(
    converted: Any, open_report: Any
) -> None:
    app = converted("weather-1x")
    run = open_report(app.out / "migration-report.html")
    page = run.page
    tool_row = page.locator('section.file[data-path="src/mastra/tools/weather-tool.ts"] .row').first
    left = tool_row.locator(".side.ts").inner_text()
    right = tool_row.locator(".side.py").inner_text()
    assert "createTool" in left and "id: 'get-weather'" in left
    assert "weather_1x/tools/weather_tool.py:weather_tool" in right
    assert "async def weather_tool" in right and 'name="get-weather"' in right
    assert tool_row.locator(".side.ts i.k").count() > 0  # pygments classes
    assert run.errors == []


def test_hostile_source_cannot_run_script_or_inject_markup(
    converted: Any, open_report: Any
) -> None:
    app = converted("report-xss-1x")
    report = app.out / "migration-report.html"
    html = report.read_text()
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "<img" not in html

    run = open_report(report)
    page = run.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.images.length") == 0
    # the hostile text is there, as text, on both sides
    body = page.inner_text("main")
    assert "</script><script>window.__pwned=1</script>" in body
    assert '<img src=x onerror="window.__pwned=1">' in body
    page.click('[data-filter="native"]')
    page.fill("#search", "<img")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_clean_load(run, report)


def test_every_construct_with_a_rule_links_to_its_page(converted: Any, open_report: Any) -> None:
    app = converted("support-desk-1x", busy=True)
    report = json.loads((app.out / "migration-report.json").read_text())
    run = open_report(app.out / "migration-report.html")
    with_rule = [c for c in report["constructs"] if c["rule"]]
    assert with_rule, "support-desk-1x should leave constructs with rules"
    for c in with_rule:
        row = run.page.locator(f".row#{c['id']}")
        assert row.get_attribute("data-status") == c["status"]
        assert row.locator(f'.hd a[href$="rules/{c["rule"]}.md"]').count() == 1
    assert run.errors == []


def test_content_security_policy_blocks_anything_that_slipped_through(
    converted: Any, open_report: Any, tmp_path: Path
) -> None:
    """Defence in depth: even markup injected into the file by hand cannot run or load."""
    app = converted("weather-1x")
    html = (app.out / "migration-report.html").read_text()
    tampered = tmp_path / "tampered.html"
    tampered.write_text(
        html.replace(
            "<main>",
            '<main><script>window.__inline=1</script><img src="https://example.invalid/x.png" '
            'onerror="window.__handler=1"><div onclick="window.__click=1" id="bait">bait</div>',
            1,
        )
    )
    failures: list[str] = []
    run = open_report(
        tampered,
        on_page=lambda page: page.on(
            "requestfailed", lambda r: failures.append(f"{r.url} {r.failure}")
        ),
    )
    page = run.page
    page.click("#bait")
    assert page.evaluate(
        "[typeof window.__inline, typeof window.__handler, typeof window.__click]"
    ) == [
        "undefined",
        "undefined",
        "undefined",
    ]
    # the image request never left the browser: CSP refused it
    assert failures == ["https://example.invalid/x.png csp"], failures
    assert any("Content Security Policy" in e for e in run.errors)
    # our own script still runs: the filters work
    page.click('[data-filter="native"]')
    assert "native" not in visible_rows(page)
