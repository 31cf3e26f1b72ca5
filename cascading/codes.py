"""Nomenclature codes (Permendagri 90/2019) and the short codes of Tujuan and Sasaran.

Codes stay strings. Their sort key pads every numeric segment, so `1.06.01.2.01.01` and the newer
4-digit form `1.06.01.2.01.0001` have the same key and sort by segment, not by text.
"""

import re

_SEGMENT = re.compile(r"^([A-Za-z]*)(\d*)$")
PAD = 4


def code_key(code: str) -> str:
    """Sort and identity key of a code: `1.06.01.2.01.01` -> `0001.0006.0001.0002.0001.0001`."""
    parts = []
    for segment in code.strip().split("."):
        match = _SEGMENT.match(segment.strip())
        if not match or not segment.strip():
            raise ValueError(f"invalid code segment {segment!r} in {code!r}")
        prefix, number = match.groups()
        parts.append(prefix.upper() + (number.zfill(PAD) if number else ""))
    return ".".join(parts)


def is_valid_code(code: str) -> bool:
    try:
        code_key(code)
    except ValueError:
        return False
    return True


def name_key(name: str) -> str:
    """Identity of an indicator's name across plan periods: case and spacing ignored."""
    return " ".join(name.casefold().split())
