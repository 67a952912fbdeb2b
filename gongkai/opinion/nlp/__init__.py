"""Text models for public-opinion monitoring: negativity, rumour suspicion, SPEC R5.2 category.

Pure Python + numpy/scipy at run time (the model files in ``models/`` are plain arrays); trained by
``python -m gongkai.opinion.nlp.train`` and evaluated by ``python -m gongkai.opinion.nlp.evaluate``.
See docs/models.md.
"""

from .categories import LABELS as CATEGORY_LABELS
from .normalize import normalise, normalise_many
from .propagation import Propagation, Repost
from .runtime import Judgement, load, score, score_many

__all__ = [
    "CATEGORY_LABELS",
    "Judgement",
    "Propagation",
    "Repost",
    "load",
    "normalise",
    "normalise_many",
    "score",
    "score_many",
]
