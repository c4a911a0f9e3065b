"""``pip install .`` into a fresh virtual environment gives working commands in any folder."""

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "screenshots",
                                     ".pytest_cache", ".ruff_cache", ".hypothesis", "tests", "bench")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the project installed from a copy of the source (not editable)."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(PROJECT_ROOT, source, ignore=NOT_SHIPPED)
    environment = base / "venv"
    venv.create(environment, with_pip=True)
    result = subprocess.run([environment / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check",
                             str(source)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    shutil.rmtree(source)  # the installed copy must not lean on the source tree
    return environment


def run(environment: Path, *args, cwd: Path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([environment / "bin" / args[0], *args[1:]], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=env)


@pytest.mark.slow
def test_kiosk_version_from_another_folder(installed, tmp_path):
    result = run(installed, "kiosk", "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("kiosk ")


@pytest.mark.slow
def test_kiosk_admin_check_from_another_folder(installed, tmp_path):
    result = run(installed, "kiosk-admin", "check", "--json", "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"] is True


@pytest.mark.slow
def test_the_resources_travel_with_the_package(installed, tmp_path):
    probe = ("from kiosk.foundation.resources import resource_root, asset; r = resource_root(); "
             "print(r); assert (r / 'kiosk.kv').is_file() and (r / 'config.ini').is_file(); "
             "assert asset('i18n', 'zh_CN.json').is_file()")
    result = run(installed, "python", "-c", probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "site-packages/kiosk/_resources" in result.stdout
    kv_files = list((installed / "lib").glob("python3*/site-packages/kiosk/ui/screens/*.kv"))
    assert {path.name for path in kv_files} >= {"home.kv", "error.kv"}


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs a display (the test command starts Xvfb)")
def test_the_installed_kiosk_draws_its_home_screen(installed, tmp_path):
    result = run(installed, "kiosk", "--windowed", "--data-dir", str(tmp_path / "data"), "--exit-after-first-frame",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.strip().splitlines() if line.startswith("{")]
    assert reports[0]["first_frame"] is True and reports[-1]["ready"] is True


def test_python_is_the_designed_version():
    assert sys.version_info[:2] == (3, 11)
