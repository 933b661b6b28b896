"""Fixtures of the report tests: converted fixture apps, headless Chromium, the SARIF schema."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import (
    CHROMIUM_ARGS,
    FIXTURES,
    ODD_TOOL,
    Converted,
    PageRun,
    chromium_path,
    fetch_sarif_schema,
    migrate,
)


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Converted]:
    """Copy a fixture app and convert it with every report (once per session, read-only)."""
    done: dict[str, Converted] = {}

    def get(name: str, *, busy: bool = False) -> Converted:
        key = f"{name}+busy" if busy else name
        if key not in done:
            base = tmp_path_factory.mktemp(name)
            src = base / name
            shutil.copytree(FIXTURES / name, src, ignore=shutil.ignore_patterns("node_modules"))
            if busy:  # a tool the converter must keep in TypeScript
                (src / "src" / "mastra" / "tools" / "odd-tool.ts").write_text(ODD_TOOL)
            out = base / "out"
            proc = migrate(str(src), "-o", str(out), "--report", "html,json,sarif")
            assert proc.returncode in (0, 1), proc.stderr
            done[key] = Converted(src, out, proc)
        return done[key]

    return get


# Module scope, not session: Playwright's sync API keeps its event loop marked as running while
# it is open, which would break every asyncio test that runs after the report tests.
@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        pytest.skip(
            "Debian chromium is not installed and could not be (`apt-get install -y chromium`; "
            ".ci/run installs it)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package (dev extra) is not installed"
    )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=exe,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def open_report(browser: Any) -> Iterator[Callable[[Path], PageRun]]:
    pages: list[Any] = []

    def open_(path: Path, on_page: Callable[[Any], None] | None = None) -> PageRun:
        page = browser.new_page()
        pages.append(page)
        if on_page is not None:
            on_page(page)
        run = PageRun(page)
        page.on(
            "console",
            lambda m: (
                run.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: run.errors.append(f"page error: {e}"))
        page.on("request", lambda r: run.requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return run

    yield open_
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def sarif_validator() -> Any:
    import jsonschema

    try:
        path = fetch_sarif_schema()
    except Exception as exc:  # no npm registry: say so instead of passing silently
        pytest.skip(f"could not get the official SARIF 2.1.0 schema from npm: {exc}")
    schema = json.loads(path.read_text())
    assert "Static Analysis Results" in schema["title"] and "2.1.0" in schema["title"]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())
