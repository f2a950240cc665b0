"""Ruff (lint and format, configured in pyproject.toml) over the package, tests, scripts and the
chapters' code cells: a lint finding or an unformatted file fails the tests, with ruff's report."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_finds_nothing_to_report():
    proc = ruff("check", "--no-fix", "--output-format", "concise", ".")
    assert proc.returncode == 0, (
        f"ruff check (fix with `ruff check --fix .`):\n{proc.stdout}{proc.stderr}"
    )


def test_every_file_is_formatted_as_ruff_formats_it():
    proc = ruff("format", "--check", ".")
    assert proc.returncode == 0, (
        f"ruff format --check (fix with `ruff format .`):\n{proc.stdout}{proc.stderr}"
    )


def test_ruff_reads_the_chapters():
    proc = ruff("check", "--no-fix", "--show-files", ".")
    assert "notebooks/05-central-asia.ipynb" in proc.stdout and "dsr/charts.py" in proc.stdout
