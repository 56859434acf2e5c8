#!/usr/bin/env python3
"""Regenerate docs/comment-example.md: the PR comment for a PR that moves a model from Apache-2.0
(corpus case mixtral-8x7b) to the Llama 2 licence (corpus case llama-2-7b)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main() -> int:
    sys.path.insert(0, str(CORPUS))
    from materialize import materialize  # type: ignore[import-not-found]

    from openwash.engine import scan
    from openwash.render.markdown import render

    with tempfile.TemporaryDirectory() as tmp:
        head = scan(materialize(str(CORPUS / "llama-2-7b"), f"{tmp}/head"))
        base = scan(materialize(str(CORPUS / "mixtral-8x7b"), f"{tmp}/base"))
    body = render(head, previous=base, link_base="https://github.com/example/llama-fork/blob/0123abc")
    out = Path(__file__).with_name("comment-example.md")
    intro = (
        "# Example: the PR comment for a Llama-licensed repository\n\nReal output of "
        "`openwash.render.markdown.render` for a pull request that replaces an Apache-2.0 model repository "
        "(corpus case `mixtral-8x7b`) with the Llama 2 licence and use policy (corpus case `llama-2-7b`). "
        "Regenerate with `python docs/make_comment_example.py`.\n\n---\n\n"
    )
    out.write_text(intro + body + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
