"""Calculator tests: the shipped local figures, and kiosk-admin calc on a throwaway data folder."""

from __future__ import annotations

import json

import pytest

from kiosk.foundation.config import CalculatorSettings, load_settings


@pytest.fixture
def figures() -> CalculatorSettings:
    """config.ini's demo figures: average wage 10,000, minimum wage 2,490, LPR 3.0 %."""
    return load_settings().calculators


@pytest.fixture
def calc(tmp_path, capsys):
    """Run ``kiosk-admin calc ...`` in-process: (status, JSON or text, stderr)."""
    from kiosk.admin import main

    def run(*argv: str):
        status = main(["calc", *argv, "--data-dir", str(tmp_path / "data")])
        out, err = capsys.readouterr()
        try:
            return status, json.loads(out), err
        except json.JSONDecodeError:
            return status, out, err

    return run
