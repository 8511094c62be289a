"""spindetect: find text rewritten by article spinners.

>>> import spindetect
>>> result = spindetect.score(text)          # doctest: +SKIP
>>> result.probability, result.swaps         # doctest: +SKIP
"""

from .api import Detector, is_spun, load, preload, restore, score, score_many, spin
from .render import render
from .types import SpinScore, SpunSwap, SpunText, Swap

__version__ = "0.1.0"

__all__ = [
    "Detector",
    "SpinScore",
    "SpunSwap",
    "SpunText",
    "Swap",
    "__version__",
    "is_spun",
    "load",
    "preload",
    "render",
    "restore",
    "score",
    "score_many",
    "spin",
]
