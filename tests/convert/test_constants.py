"""Module constants (typed records) are written once in Python and read as JavaScript
reads them: a missing key under `??` falls back instead of raising."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from weather_1x.lib.weather_codes import CONDITIONS, describe_weather_code
print(describe_weather_code(0), "|", describe_weather_code(7), "|", CONDITIONS[95])
"""


def test_typed_record_constant_is_translated_and_read_leniently(tmp_path: Path) -> None:
    out = tmp_path / "weather"
    outcome = run_conversion(ROOT / "fixtures/mastra/weather-1x", out, ConvertOptions())
    assert all(b.outcome.value == "translated" for b in outcome.result.bodies)
    code = (out / "weather_1x/lib/weather_codes.py").read_text()
    assert "CONDITIONS = {\n    0: " in code and "ts_function" not in code
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Clear sky | Unknown (code 7) | Thunderstorm"
