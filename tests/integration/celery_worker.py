"""Start a real Celery worker process against a real broker for integration tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BROKER_URL = os.environ.get("GONGKAI_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(settings.BASE_DIR)


def broker_available(url: str = BROKER_URL) -> bool:
    host_port = url.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=1):
            return True
    except OSError:
        return False


def _database_url_for_worker() -> str:
    """The URL of the database this test is using (the test database, not the main one)."""
    cfg = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{cfg['NAME']}"
    user = cfg.get("USER") or ""
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{cfg.get('HOST') or '127.0.0.1'}:{cfg.get('PORT') or 5432}/{cfg['NAME']}"


@contextmanager
def running_worker(extra_env: dict[str, str] | None = None, timeout: float = 60.0):
    """Yield ``(queue_name, client_app)``: a worker consumes ``queue_name``; ``client_app`` sends to it."""
    from celery import Celery

    queue = f"gongkai-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        **(extra_env or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = Celery("gongkai-test-client", broker=BROKER_URL, backend=BROKER_URL)
    try:
        deadline = time.monotonic() + timeout
        ready = False
        while time.monotonic() < deadline and proc.poll() is None:
            replies = client.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=1.0)
            if replies:
                ready = True
                break
        if not ready:
            output = proc.stdout.read() if proc.poll() is not None else "(worker still starting)"
            raise RuntimeError(f"Celery worker did not start: {output}")
        yield queue, client
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        client.close()
