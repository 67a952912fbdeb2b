"""The SMS gateway interface: a small pluggable backend chosen in settings.

``settings.SMS_BACKEND`` is the dotted path of a class with ``send_messages(messages) -> int``
(like Django's e-mail backends). Shipped:

- ``gongkai.notifications.sms.FileBackend`` (the default): one file per message under
  ``settings.SMS_FILE_PATH`` (``VAR_DIR/outbox-sms``), for the embedded set-up and for checking
  what would have been sent.
- ``gongkai.notifications.sms.LocmemBackend``: keeps messages in ``sms.outbox`` (tests).
- ``gongkai.notifications.sms.ConsoleBackend``: writes them to standard output.

A real gateway (a carrier's or a government SMS platform's HTTP API) is one more class with
``send_messages``; it raises on failure and the outbox retries with back-off.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "gongkai.notifications.sms.FileBackend"


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class BaseBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:  # pragma: no cover - interface
        raise NotImplementedError


class FileBackend(BaseBackend):
    _lock = threading.Lock()

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or getattr(settings, "SMS_FILE_PATH", "") or Path(settings.VAR_DIR) / "outbox-sms")

    def send_messages(self, messages: list[SmsMessage]) -> int:
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        with self._lock:
            for m in messages:
                name = self.path / f"{stamp}-{uuid.uuid4().hex[:12]}.json"
                name.write_text(json.dumps({"to": m.to, "text": m.text}, ensure_ascii=False), encoding="utf-8")
        return len(messages)


outbox: list[SmsMessage] = []


class LocmemBackend(BaseBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class ConsoleBackend(BaseBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        for m in messages:
            sys.stdout.write(f"[SMS → {m.to}] {m.text}\n")
        return len(messages)


def get_backend() -> BaseBackend:
    return import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)()


def send_sms(to: str, text: str) -> None:
    get_backend().send_messages([SmsMessage(to=to, text=text)])
