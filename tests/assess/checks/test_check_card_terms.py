from __future__ import annotations

from pathlib import Path

from check_context import card, context
from weights import write

from openwash.assess.checks import card_terms

BAN = "Before you can use the model go to our website and accept the agreement."


def test_a_model_cards_own_restriction_is_a_term(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: other", f"# Model\n\n{BAN}\n")})
    found = card_terms.check(context(tmp_path))
    assert [(f.clause, f.severity, f.path, f.line_start, f.quote) for f in found] == [
        (7, "concern", "README.md", 6, BAN),
        (10, "concern", "README.md", 6, BAN),
    ]


def test_a_tools_readme_describes_other_models(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": f"# A tool\n\n{BAN}\n"}, weights=False)
    assert card_terms.check(context(tmp_path)) == []
