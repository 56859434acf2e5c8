"""Base models the repository names for its weights beyond the card's `base_model:` key: in its
own words ("is based on Llama 2", "built on the Llama-3b backbone"), in a model table's base-LLM
column ("Language Part", "LLM", "Backbone"), or as the starting model of a training config
(`model_name_or_path: meta-llama/Llama-3.2-3B-Instruct`). Each with the line that says it."""

from __future__ import annotations

import re

from openwash.evidence import prose
from openwash.evidence.card import Card
from openwash.evidence.collect import Evidence
from openwash.evidence.tables import tables

_BASE_COLUMN = re.compile(
    r"\blanguage (?:part|model)\b|\bllm\b|\bbase (?:model|llm)\b|\bbackbone\b|\bfoundation model\b|"
    r"\binitiali[sz]ed from\b",
    re.IGNORECASE,
)
_CONFIG_KEY = re.compile(
    r"^\s*[\"']?(?:model_name(?:_or_path)?|base_model(?:_name)?(?:_or_path)?|pretrained_model_name_or_path|"
    r"llm(?:_model)?(?:_path|_name)?|llama_model|language_model(?:_name)?|lm_name)[\"']?\s*[:=]\s*[\"']?"
    r"([^\"'\s#,]{2,120})",
    re.IGNORECASE,
)
# The same keys given to a training command in the card (`python finetune.py --base_model 'X'`).
_CLI_BASE = re.compile(
    r"--(?:model_name(?:_or_path)?|base_model(?:_name)?(?:_or_path)?|pretrained_model_name_or_path|"
    r"llm(?:_model)?(?:_path|_name)?|llama_model|language_model(?:_name)?|lm_name)[= ]\s{0,2}[\"']?"
    r"([^\"'\s\\,]{2,120})",
    re.IGNORECASE,
)
_TRAINING_COMMAND = re.compile(
    r"\b\w{0,30}(?:train|finetun|fine_tun|sft)\w{0,30}\.(?:py|sh)\b", re.IGNORECASE
)
# Training configs name the model they start from; inference configs and others name anything.
_TRAINING_PATH = re.compile(r"train|finetun|fine_tun|pretrain|sft|configs?/models?/", re.IGNORECASE)


def mentions(ev: Evidence, card: Card) -> list[tuple[prose.Line, str]]:
    if ev.model_card is not None or any(
        w.path.count("/") <= 1 and not w.path.endswith(".json") for w in ev.weights
    ):
        # A model card, or weights in the tree, is one model: the prose and tables that name other
        # models' bases (distilled variants, comparisons) describe other repositories.
        return list(prose.base_model_mentions(card))
    out = list(prose.base_model_mentions(card, wide=True))
    for doc in [card, *ev.docs]:
        for table in tables(doc):
            col = table.column(_BASE_COLUMN)
            if col is None:
                continue
            for row in table.rows:
                if col < len(row.cells) and row.cells[col]:
                    out.append((prose.Line(doc.path, row.line, row.raw[:400]), row.cells[col]))
    out += _training_commands(card)
    for path, text in ev.scripts.items():
        if not _TRAINING_PATH.search(path):
            continue
        for n, line in enumerate(text.split("\n")[:2000], 1):
            m = _CONFIG_KEY.match(line)
            if m:
                out.append((prose.Line(path, n, line.strip()[:400]), m.group(1)))
    return out


def _training_commands(card: Card) -> list[tuple[prose.Line, str]]:
    """The base a training command in the card's code blocks starts from: a command block that runs
    a training or fine-tuning script, and its `--base_model` (or like) argument."""
    out: list[tuple[prose.Line, str]] = []
    block: list[tuple[int, str]] = []
    fence = False
    for n, text in card.body():
        if text.lstrip().startswith(("```", "~~~")):
            if fence and any(_TRAINING_COMMAND.search(t) for _, t in block):
                for m_line, t in block:
                    m = _CLI_BASE.search(t)
                    if m:
                        out.append((prose.Line(card.path, m_line, t.strip()[:400]), m.group(1)))
            fence, block = not fence, []
            continue
        if fence and len(block) < 200:
            block.append((n, text))
    return out
