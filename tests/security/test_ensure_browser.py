"""`make test` brings what the browser tests need, or says in one line what to install."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "ensure-browser"


def _run(tmp_path, *, chromium: str) -> subprocess.CompletedProcess:
    # An `id` that answers a non-root uid, so the script may not install anything.
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "id").write_text("#!/bin/sh\necho 1000\n")
    (shims / "id").chmod(0o755)
    env = {**os.environ, "PATH": f"{shims}:{os.environ['PATH']}", "GONGKAI_CHROMIUM": chromium}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_missing_chromium_stops_with_one_line_naming_the_package(tmp_path):
    result = _run(tmp_path, chromium=str(tmp_path / "no-chromium"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "sudo apt-get install chromium" in lines[0]


def test_present_chromium_passes_quietly(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    result = _run(tmp_path, chromium=str(fake))
    # fonts may be absent on this machine: then only they are named
    assert result.returncode == 0 or "install fonts-noto-cjk'" in result.stderr
    assert "chromium" not in result.stderr.replace("fonts-noto-cjk", "")


def test_make_test_and_ci_use_the_script():
    dry_run = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "bash .ci/ensure-browser" in dry_run.stdout
    assert "ensure-browser" in (ROOT / ".ci" / "run").read_text()
    assert os.access(SCRIPT, os.X_OK)
