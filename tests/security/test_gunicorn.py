"""gunicorn as `manage.py serve` starts it: long request lines reach Django's Chinese 414, and
lines beyond gunicorn's own maximum get a Chinese page from the worker, not "URI Too Long"."""

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from gongkai.core.gunicorn_worker import chinese_error_page
from gongkai.core.management.commands.serve import (
    GUNICORN_KEEP_ALIVE,
    GUNICORN_LIMIT_REQUEST_LINE,
    gunicorn_command,
)

ROOT = Path(__file__).resolve().parents[2]


def test_serve_configures_the_request_line_limit_and_the_chinese_worker():
    command = gunicorn_command(host="127.0.0.1", port=8000, workers=2)
    assert command[command.index("--limit-request-line") + 1] == "8190"
    assert command[command.index("--worker-class") + 1] == "gongkai.core.gunicorn_worker.ChineseErrorsThreadWorker"


def test_chinese_error_page_is_a_complete_utf8_answer():
    raw = chinese_error_page(414, "URI Too Long")
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 414 URI Too Long\r\n")
    assert f"Content-Length: {len(body)}".encode() in head
    assert b"charset=utf-8" in head
    assert "网址过长" in body.decode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, target: str) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = gunicorn_command(host="127.0.0.1", port=port, workers=1)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_long_and_too_long_request_lines_answer_in_chinese(server, settings):
    # a target over Django's limit but within gunicorn's: Django's 414 page
    status, body = _get(server, "/search?q=" + "a" * (settings.MAX_URI_LENGTH + 10))
    assert (status, "网址过长" in body) == (414, True)
    # a request line beyond gunicorn's maximum: the worker's Chinese page, not "URI Too Long"
    status, body = _get(server, "/search?q=" + "a" * (GUNICORN_LIMIT_REQUEST_LINE + 10))
    assert status == 414
    assert "网址过长" in body
    assert "URI Too Long" not in body


def test_an_idle_keep_alive_connection_outlives_gunicorns_default(server):
    # gunicorn closes an idle keep-alive connection after 2 s by default; a reader who clicks
    # after 3 s reuses the same connection here.
    assert GUNICORN_KEEP_ALIVE > 3
    with socket.create_connection(("127.0.0.1", server), timeout=20) as s:
        answers = []
        for _ in range(2):
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data and (chunk := s.recv(65536)):
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(
                next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
            )
            while len(body) < length and (chunk := s.recv(65536)):
                body += chunk
            answers.append(head.split(b"\r\n", 1)[0])
            time.sleep(3)
    assert answers == [b"HTTP/1.1 200 OK"] * 2
