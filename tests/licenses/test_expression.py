"""SPDX licence expressions, parsed with license-expression (licenses/expression.py)."""

from __future__ import annotations

import pytest

from openwash.licenses.expression import licence_ids


@pytest.mark.parametrize(
    ("expression", "ids"),
    [
        ("MIT", ["MIT"]),
        ("(MIT or Apache-2.0) and BSD-3-Clause", ["MIT", "Apache-2.0", "BSD-3-Clause"]),
        ("GPL-2.0+ WITH Classpath-exception-2.0 OR MIT", ["GPL-2.0", "MIT"]),
        ("LicenseRef-acme AND NOASSERTION", ["LicenseRef-acme"]),
        ("MIT AND MIT", ["MIT"]),
        ("NONE", []),
        ("", []),
    ],
)
def test_ids_of_an_expression(expression: str, ids: list[str]) -> None:
    assert licence_ids(expression) == ids


@pytest.mark.parametrize("text", ["MIT AND", "Apache-2.0/MIT", "cc-by-4.0, mit"])
def test_not_an_expression(text: str) -> None:
    assert licence_ids(text) is None
