"""spindetect: find text rewritten by article spinners.

>>> import spindetect
>>> result = spindetect.score(text)          # doctest: +SKIP
>>> result.probability, result.swaps         # doctest: +SKIP
"""

from .api import Detector, is_spun, load, preload, score, score_many, spin
from .types import SpinScore, SpunSwap, SpunText, Swap

__version__ = "0.1.0"

__all__ = [
    "Detector",
    "SpinScore",
    "SpunSwap",
    "SpunText",
    "Swap",
    "is_spun",
    "load",
    "preload",
    "score",
    "score_many",
    "spin",
    "__version__",
]
