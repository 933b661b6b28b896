"""migration-report.json against its published schema; the SARIF log against the official
SARIF 2.1.0 schema (from Microsoft's npm package)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import ROOT

from lumosai.migrate.report.json_report import SCHEMA_VERSION

SCHEMA = json.loads((ROOT / "docs" / "migration-report.schema.json").read_text())
APPS = ["weather-1x", "report-xss-1x", "support-desk-1x", "travel-legacy-0x"]


def schema_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]


def test_schema_is_a_valid_versioned_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["pattern"].startswith("^1")
    assert SCHEMA_VERSION.startswith("1.")


@pytest.mark.parametrize("app", APPS)
def test_json_report_matches_schema_and_run(converted: Any, app: str) -> None:
    c = converted(app)
    report = json.loads((c.out / "migration-report.json").read_text())
    assert schema_errors(report) == []
    assert report["schema_version"] == SCHEMA_VERSION
    # issue 5's pinned keys are all there
    for key in ("summary", "constructs", "bodies", "files_written", "diagnostics"):
        assert key in report
    # per construct: kind, name, span, status, output location, diagnostics
    assert report["constructs"]
    for construct in report["constructs"]:
        span = construct["span"]
        assert span["file"] == construct["file"] and span["start_line"] == construct["line"]
        assert span["end_line"] >= span["start_line"]
        src_lines = (c.src / span["file"]).read_text().splitlines()
        assert span["end_line"] <= len(src_lines)
        if construct["output_location"]:
            out_file = c.out / construct["output_location"]["path"]
            n = len(out_file.read_text().splitlines())
            assert all(1 <= a <= b <= n for a, b in construct["output_location"]["lines"])
    listed = {f["path"] for f in report["source_files"]}
    assert {c_["file"] for c_ in report["constructs"]} <= listed
    assert set(report["timings"]) >= {"read", "convert", "write"}
    seconds = [x["seconds"] for x in report["constructs"]]
    assert all(isinstance(s, float) and s >= 0 for s in seconds)
    # the constructs' times are a share of the convert stage, never more
    assert 0 < sum(seconds) <= report["timings"]["convert"]
    by_file = {f["path"]: f["seconds"] for f in report["source_files"]}
    for path, file_seconds in by_file.items():
        own = [x["seconds"] for x in report["constructs"] if x["file"] == path]
        assert file_seconds == pytest.approx(sum(own), abs=1e-5)
    total = sum(report["summary"].values())
    assert report["coverage"]["constructs"] == total == len(report["constructs"])


def test_json_report_spans_point_at_the_construct(converted: Any) -> None:
    c = converted("weather-1x")
    report = json.loads((c.out / "migration-report.json").read_text())
    tool = next(x for x in report["constructs"] if x["kind"] == "tool")
    lines = (c.src / tool["file"]).read_text().splitlines()
    text = "\n".join(lines[tool["span"]["start_line"] - 1 : tool["span"]["end_line"]])
    assert text.lstrip().startswith("export const weatherTool = createTool(")
    assert text.rstrip().endswith("});")
    assert tool["output_location"]["path"] == "weather_1x/tools/weather_tool.py"


@pytest.mark.parametrize("app", APPS)
def test_sarif_validates_against_the_official_schema(
    converted: Any, sarif_validator: Any, app: str
) -> None:
    c = converted(app)
    log = json.loads((c.out / "migration-report.sarif").read_text())
    errors = [f"{list(e.path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    report = json.loads((c.out / "migration-report.json").read_text())
    assert len(run["results"]) >= len(report["diagnostics"])
    for result in run["results"]:
        rule = rules[result["ruleId"]]
        assert result["level"] in ("error", "warning", "note")
        assert rule["helpUri"].endswith(".md") or "#lm9" in rule["helpUri"]
        assert rule["helpUri"] == result["properties"]["helpUri"]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        for loc in result.get("locations", []):
            physical = loc["physicalLocation"]
            base = physical["artifactLocation"]["uriBaseId"]
            root = c.src if base == "SRCROOT" else c.out
            assert (root / physical["artifactLocation"]["uri"]).is_file()
            assert physical["region"]["startLine"] >= 1
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == c.src.resolve().as_uri() + "/"


def test_sarif_results_point_at_typescript_lines(converted: Any) -> None:
    c = converted("support-desk-1x", busy=True)
    report = json.loads((c.out / "migration-report.json").read_text())
    results = json.loads((c.out / "migration-report.sarif").read_text())["runs"][0]["results"]

    def located(r: dict[str, Any]) -> tuple[str, str, int]:
        physical = r["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        return r["ruleId"], uri, physical["region"]["startLine"]

    left = [x for x in report["constructs"] if x["status"] in ("todo", "bridged")]
    assert left, "the fixture should leave some work"
    by_place = {located(r): r for r in results if r.get("locations")}
    for x in left:
        result = by_place[(x["rule"], x["file"], x["line"])]
        assert result["level"] == ("warning" if x["status"] == "todo" else "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["endLine"] == x["span"]["end_line"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == (
            "SRCROOT"
        )
        first = (c.src / x["file"]).read_text().splitlines()[x["line"] - 1]
        assert first.strip()  # the construct's first TypeScript line, not a blank
    for d in report["diagnostics"]:
        if d["file"] and d["line"] and d["rule"]:
            matches = [r for r in results if r["ruleId"] == d["rule"] and r.get("locations")]
            assert any(located(r)[1:] == (d["file"], d["line"]) for r in matches), d
