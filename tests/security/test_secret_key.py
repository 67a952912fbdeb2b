"""No secret key in the repository: one per installation, and production must be given one."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.core.installation import ProductionMisconfigured, installation_secret_key, secret_key_from_environment

ROOT = Path(__file__).resolve().parents[2]


def test_settings_file_holds_no_key():
    text = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    assert "insecure" not in text
    assert "SECRET_KEY = os.environ.get" not in text


def test_installation_key_is_created_once_private_and_reused(tmp_path):
    # when the first process asks
    key = installation_secret_key(tmp_path)
    path = tmp_path / "secret_key"
    # then a long random key is stored readable by the owner only
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == key
    # and every later process gets the same key
    assert installation_secret_key(tmp_path) == key
    # with no temporary files left behind
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_two_installations_get_different_keys(tmp_path):
    assert installation_secret_key(tmp_path / "a") != installation_secret_key(tmp_path / "b")


def test_environment_key_wins_and_writes_nothing(tmp_path):
    key = secret_key_from_environment(environ={"SECRET_KEY": "from-env"}, production=False, var_dir=tmp_path)
    assert key == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_production_without_a_key_is_refused(tmp_path):
    with pytest.raises(ProductionMisconfigured, match="SECRET_KEY"):
        secret_key_from_environment(environ={}, production=True, var_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def _start(env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "GONGKAI_ENV"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environ, "GONGKAI_VAR_DIR": str(var_dir), **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_manage_py_refuses_production_without_secret_key(tmp_path):
    result = _start({"GONGKAI_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "GONGKAI_ENV=production requires SECRET_KEY" in result.stderr
    # and starts when it is given one
    assert _start({"GONGKAI_ENV": "production", "SECRET_KEY": "x" * 60}, tmp_path).returncode == 0


def test_manage_py_outside_production_uses_the_installation_key(tmp_path):
    assert _start({}, tmp_path).returncode == 0
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
