"""What other domain apps may use of the opinion module (plain values only, no models)."""

from __future__ import annotations


# --- Near-duplicate text tools (the pipeline's normalisation and SimHash signatures) -------------
# Used by the leader mailbox (gongkai.interaction) to find letters with the same or nearly the same text.


def text_key(text: str) -> str:
    """The normalised text without punctuation, symbols and spaces (Traditional folded to Simplified)."""
    from .nlp.normalize import normalise
    from .pipeline.signatures import dedup_key

    return dedup_key(normalise(text or ""))


def text_signature(text: str) -> int | None:
    """SimHash (signed 64-bit int) of the normalised text; None when the text is too short to compare."""
    from .pipeline.signatures import simhashes

    return simhashes([text_key(text)])[0]


def near_duplicate(a: int | None, b: int | None) -> bool:
    """Two signatures of near-duplicate texts (at most the pipeline's ``NEAR_BITS`` bits apart)."""
    from .pipeline.signatures import NEAR_BITS, hamming

    return a is not None and b is not None and hamming(a, b) <= NEAR_BITS
