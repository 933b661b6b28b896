"""bench/vs_mastra.py's report: every line, goals, CPU figures, the SDK comparison."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "vs_mastra.py"


def load() -> Any:
    spec = importlib.util.spec_from_file_location("vs_mastra", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def side(rate: float, cpu: float, server: float) -> dict[str, Any]:
    return {
        "latencies": [10.0, 12.0, 30.0],
        "throughput": {"1": rate / 2, "8": rate, "64": rate},
        "cpu_per_generate_ms": {"1": cpu, "8": cpu, "64": cpu},
        "cold_start_ms": 900.0,
        "peak_rss_mb": 500.0 if rate < 500 else 60.0,
        "workflow_runs_per_s": 9000.0,
        "workflow_cpu_per_run_ms": 0.1,
        "server_cpu_per_generate_ms": server,
    }


def test_report_prints_ratios_goals_and_cpu(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load()
    args = argparse.Namespace(latency_runs=3, throughput_runs=1, workflow_runs=5)
    mastra, lumos = side(150.0, 7.0, 0.3), side(900.0, 0.3, 0.25)
    bench.report(mastra, lumos, sys.executable, args, side(60.0, 5.0, 0.3))
    out = capsys.readouterr().out
    assert "each side: ONE process" in out
    assert "throughput c=64 (generates/s)" in out and ">= 3.0x met" in out
    assert "CPU per generate c=64 (ms)" in out
    assert "mock server CPU during the Lumos side: 0.250 ms per generate" in out
    assert "LUMOS_OPENAI_CLIENT=pydantic-ai" in out and "(0.40x Mastra)" in out
    assert "short of the goal: workflow time per step" in out  # 1.0x against <= 0.3x


def test_process_cpu_and_generate_count() -> None:
    bench = load()
    assert bench.process_cpu_ms(os.getpid()) > 0
    plan = {"warmup": 2, "latency_runs": 3, "throughput_runs": 2, "concurrency": [1, 8]}
    assert bench.generates_per_side(plan) == 1 + 2 + 3 + 2 * 9
