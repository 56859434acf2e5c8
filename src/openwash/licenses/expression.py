"""SPDX licence expressions (`MIT OR Apache-2.0`, `GPL-2.0-or-later WITH Classpath-exception-2.0`),
parsed with `license-expression`: the licence ids they name."""

from __future__ import annotations

import functools
from typing import Any

_NO_LICENCE = frozenset({"NOASSERTION", "NONE"})


@functools.cache
def _licensing() -> Any:
    from license_expression import Licensing

    return Licensing()  # no symbol table: every id is accepted as written


def licence_ids(expression: str) -> list[str] | None:
    """The licences an expression names, in order, each once: WITH exceptions and NOASSERTION /
    NONE left out, a trailing `+` (or later) dropped. None when the text is not an expression."""
    from license_expression import ExpressionError

    licensing = _licensing()
    try:
        parsed = licensing.parse(expression)
    except ExpressionError:
        return None
    if parsed is None:
        return []
    out: list[str] = []
    for symbol in licensing.license_symbols(parsed, decompose=False):
        key = str(getattr(symbol, "license_symbol", symbol).key).rstrip("+")
        if key and key.upper() not in _NO_LICENCE and key not in out:
            out.append(key)
    return out
