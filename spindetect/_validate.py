"""Argument checks shared by the modules that take text from users."""

from __future__ import annotations


def require_str(value: object, caller: str) -> str:
    """Return ``value`` if it is a ``str``; otherwise raise a TypeError that says what to pass instead."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{caller} needs a str, not bytes: decode it first, e.g. data.decode('utf-8', errors='replace')"
        )
    raise TypeError(f"{caller} needs a str, not {type(value).__name__}: pass the document's text")
