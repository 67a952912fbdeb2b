"""Applicants' personal data encrypted at rest (docs/adr/0006-personal-data-encryption.md).

- Cipher: SM4 in CTR mode with a random 128-bit counter block per value, then HMAC-SM3
  over version, field label, counter block and ciphertext (encrypt-then-MAC). The label (e.g.
  ``id_number``) binds a value to its field, so a ciphertext moved to another field fails.
- Keys: one master key from ``settings.GONGKAI_DATA_KEY`` (hex or base64, at least 16 bytes).
  Without it (the embedded default) a random key is created once in ``VAR_DIR/data-key`` (mode
  0600) and used from then on; production must set the variable (system check ``foi.W001``).
  Three sub-keys are derived with HMAC-SM3: encryption, authentication, and the blind index.
- Blind index: ``blind_index(text)`` is HMAC-SM3 of normalised text with its own key, so equal
  identities and requests are found (duplicates, repeat and mass applications) without
  decrypting anything.
- Token: ``v1.<base64url(counter block ‖ ciphertext ‖ tag)>``.
"""

from __future__ import annotations

import base64
import binascii
import hmac as std_hmac
import os
import threading
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongkai.core.errors import DomainError

VERSION = "v1"
KEY_FILE_NAME = "data-key"
_TAG_BYTES = 32  # SM3 output
_IV_BYTES = 16  # SM4 block
_lock = threading.Lock()
_cache: dict[str, bytes] = {}


class DecryptionFailed(DomainError):
    code = "decryption_failed"
    http_status = 500
    default_message = "个人信息无法解密（密钥不匹配或数据已损坏）。"


def _decode_key(text: str) -> bytes:
    text = text.strip()
    raw: bytes | None = None
    try:
        if len(text) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in text):
            raw = bytes.fromhex(text)
        else:
            raw = base64.b64decode(
                text + "=" * (-len(text) % 4), altchars=b"-_" if ("-" in text or "_" in text) else None
            )
    except (ValueError, binascii.Error):
        raw = None
    if raw is None or len(raw) < 16:
        raise ImproperlyConfigured("GONGKAI_DATA_KEY 应为至少 16 字节的十六进制或 base64 编码密钥。")
    return raw


def key_file_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE_NAME


def _load_or_create_key_file() -> bytes:
    path = key_file_path()
    if path.exists():
        return _decode_key(path.read_text(encoding="ascii"))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    # O_EXCL: two processes starting at once cannot both write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _decode_key(path.read_text(encoding="ascii"))
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.b64encode(key).decode("ascii"))
    return key


def master_key() -> bytes:
    configured = getattr(settings, "GONGKAI_DATA_KEY", "") or ""
    cache_key = f"{configured}|{settings.VAR_DIR}"
    with _lock:
        if cache_key not in _cache:
            _cache.clear()
            _cache[cache_key] = _decode_key(configured) if configured else _load_or_create_key_file()
        return _cache[cache_key]


def using_key_file() -> bool:
    return not (getattr(settings, "GONGKAI_DATA_KEY", "") or "")


def _sm3_hmac(key: bytes, *parts: bytes) -> bytes:
    h = crypto_hmac.HMAC(key, hashes.SM3())
    for part in parts:
        h.update(len(part).to_bytes(4, "big"))
        h.update(part)
    return h.finalize()


def _subkey(purpose: str) -> bytes:
    return _sm3_hmac(master_key(), b"gongkai/foi/" + purpose.encode("ascii") + b"/v1")


def encrypt_bytes(data: bytes, label: str) -> bytes:
    iv = os.urandom(_IV_BYTES)
    encryptor = Cipher(algorithms.SM4(_subkey("enc")[:16]), modes.CTR(iv)).encryptor()
    ciphertext = encryptor.update(data) + encryptor.finalize()
    tag = _sm3_hmac(_subkey("mac"), VERSION.encode(), label.encode("utf-8"), iv, ciphertext)
    return iv + ciphertext + tag


def decrypt_bytes(blob: bytes, label: str) -> bytes:
    blob = bytes(blob)
    if len(blob) < _IV_BYTES + _TAG_BYTES:
        raise DecryptionFailed()
    iv, ciphertext, tag = blob[:_IV_BYTES], blob[_IV_BYTES:-_TAG_BYTES], blob[-_TAG_BYTES:]
    expected = _sm3_hmac(_subkey("mac"), VERSION.encode(), label.encode("utf-8"), iv, ciphertext)
    if not std_hmac.compare_digest(tag, expected):
        raise DecryptionFailed()
    decryptor = Cipher(algorithms.SM4(_subkey("enc")[:16]), modes.CTR(iv)).decryptor()
    return decryptor.update(ciphertext) + decryptor.finalize()


def encrypt_text(text: str, label: str) -> str:
    """Encrypt ``text`` for the field ``label``; the empty string stays empty (nothing to hide)."""
    if not text:
        return ""
    return f"{VERSION}.{base64.urlsafe_b64encode(encrypt_bytes(text.encode('utf-8'), label)).decode('ascii')}"


def decrypt_text(token: str, label: str) -> str:
    if not token:
        return ""
    version, _, body = token.partition(".")
    if version != VERSION or not body:
        raise DecryptionFailed()
    try:
        blob = base64.urlsafe_b64decode(body.encode("ascii"))
    except (ValueError, binascii.Error):
        raise DecryptionFailed() from None
    return decrypt_bytes(blob, label).decode("utf-8")


def normalise(text: str) -> str:
    """Fold width and case, drop all whitespace and common punctuation: the same request typed
    twice (or imported from the same e-mail twice) normalises to the same string."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    drop = set(" \t\r\n\u3000，,。.、；;：:！!？?“”\"‘’'（）()《》<>【】[]-—_·")
    return "".join(c for c in text if c not in drop)


def blind_index(*parts: str) -> str:
    """Keyed hash (HMAC-SM3, hex) of the normalised parts."""
    return _sm3_hmac(_subkey("index"), *[normalise(p).encode("utf-8") for p in parts]).hex()


# --- Masks shown in lists (computed at write time, stored beside the ciphertext) --------------


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    """``150102199003071234`` → ``1501**********1234``."""
    return mask_middle(value, 4, 4)


def mask_phone(value: str) -> str:
    """``13912345678`` → ``139****5678``."""
    return mask_middle(value, 3, 4)


def mask_email(value: str) -> str:
    """``zhang.san@example.cn`` → ``z*********@example.cn``."""
    value = (value or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return mask_middle(value, 1, 0)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


def mask_address(value: str) -> str:
    """Keep the first six characters (province, city) and hide the rest."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[:6] + "*" * min(max(len(value) - 6, 0), 12)
