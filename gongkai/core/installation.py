"""Per-installation settings values that must not live in the repository.

Imported by ``config/settings.py`` before Django is set up: plain Python only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_FILE = "secret_key"


class ProductionMisconfigured(ImproperlyConfigured):
    """A production installation lacks a setting it must be given explicitly."""


def installation_secret_key(var_dir: Path) -> str:
    """The installation's own secret key, kept in ``var_dir/secret_key`` (mode 0600).

    Created once with a random value and reused afterwards. Several processes may start
    at the same time (gunicorn workers, test workers): the key is written to a private
    temporary file and then linked into place, so a reader never sees a half-written key
    and exactly one writer wins.
    """
    path = Path(var_dir) / SECRET_KEY_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its key
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


def secret_key_from_environment(*, environ, production: bool, var_dir: Path) -> str:
    """``SECRET_KEY`` from the environment; in production it is required, elsewhere the
    installation key under ``var_dir`` is used when it is absent."""
    key = (environ.get("SECRET_KEY") or "").strip()
    if key:
        return key
    if production:
        raise ProductionMisconfigured(
            "GONGKAI_ENV=production requires SECRET_KEY in the environment (a long random value, "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    return installation_secret_key(var_dir)
