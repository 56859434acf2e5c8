"""Text from a scanned repository made inert before any output shows it.

File names, quotes, licence ids and names from an SBOM or a card reach terminals, CI logs (where a
line starting `::error::` is a workflow command), PR comments and files. The Report neutralises
every string it holds here, once, so that no renderer has to remember to:

- control characters (C0, DEL, C1: newlines, carriage returns, terminal escapes) cannot start a
  line or drive a terminal;
- invisible and direction-changing characters (Unicode format characters such as bidi controls,
  zero-width characters, tag characters and the soft hyphen; Hangul fillers, line and paragraph
  separators) cannot hide or reorder text;
- lone surrogates (how Python holds the bytes of a file name that is not UTF-8) cannot make a
  UTF-8 writer fail.

Running text loses them (a control becomes a space); a path keeps them visible as escapes, so two
files whose names differ only by an invisible character are still told apart.
"""

from __future__ import annotations

import re

# Control characters, and the code points that render as nothing or reorder what follows: every
# Unicode format character (category Cf, as of Unicode 15.1), the line and paragraph separators,
# the Hangul and Khmer fillers that display as blanks, the Mongolian and standard variation
# selectors, the braille blank and the object replacement characters.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffc"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff\ud800-\udfff]"
)


def _escape(ch: str) -> str:
    cp = ord(ch)
    if 0xDC80 <= cp <= 0xDCFF:
        return f"\\x{cp - 0xDC00:02x}"  # a byte of a non-UTF-8 file name (surrogateescape)
    if cp < 0x100:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def _blank(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029":
        return " "  # a line break or tab inside running text is a space
    if "\x00" <= ch <= "\x9f":
        return " "
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return ""  # an invisible character: gone


def text(value: str) -> str:
    """Running text (a quote, a name, an explanation): controls become spaces, invisibles go."""
    return _UNSAFE.sub(_blank, value) if _UNSAFE.search(value) else value


def path(value: str) -> str:
    """A file name or path: every unsafe character shown as an escape (`\\x0a`, `\\u202e`)."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), value) if _UNSAFE.search(value) else value


def deep(value: object) -> object:
    """`text` applied to every string inside lists, tuples and dicts (keys too)."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(deep(v) for v in value)
    if isinstance(value, dict):
        return {deep(k): deep(v) for k, v in value.items()}
    return value
