"""A light challenge for the public survey form (no third-party service): a small sum whose answer
travels signed with the form, so the server keeps no state. It stops blind scripted posts, not a
determined person — one answer per person also rests on the browser token and the address limit."""

from __future__ import annotations

import secrets

from django.core import signing

SALT = "gongkai.oversight.survey-challenge"
MAX_AGE_SECONDS = 2 * 60 * 60


def new_challenge(survey_id: int) -> tuple[str, str]:
    """``(question, token)``: e.g. ``("7 加 5 等于几？", "<signed>")``."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": survey_id, "a": a + b, "n": secrets.token_hex(4)}, salt=SALT)
    return f"{a} 加 {b} 等于几？", token


def check_challenge(survey_id: int, token: str, answer) -> bool:
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    try:
        given = int(str(answer).strip())
    except (TypeError, ValueError):
        return False
    return data.get("s") == survey_id and data.get("a") == given
