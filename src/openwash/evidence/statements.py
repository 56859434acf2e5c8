"""Terms stated in prose (SPEC section 2): "the code is licensed under Apache-2.0, while the model
weights are ...", a `## License` section that links a Model License, "Models are licensed under
CC-BY-NC". Each statement keeps its sentence and lines, what it is about (weights, code, both,
the whole repository) and what it points at (files in the tree, licence URLs, licence names).

Reading only: which terms then govern what is decided in assess.governance. Every pattern here is
linear (bounded repeats, no nested quantifiers) and runs sentence by sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openwash.evidence.card import Card

# A sentence that licenses something, or says what terms apply to it.
_LICENSING = re.compile(
    r"\blicen[cs]\w*|\bterms of (?:use|service)\b|\bcomply with\b|\bgoverned by\b|\bcovers? both\b|"
    r"\b(?:released|published|distributed|made available|available) under\b",
    re.IGNORECASE,
)
# Where the subject ends: the verb that attaches terms to it.
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been)?\s*(?:licen[cs]ed|released|published|distributed|made available|"
    r"available|governed|subject|covered|intended|provided)\b|\bmust\b|\bshould\b|\bcovers?\b|\bunder\b",
    re.IGNORECASE,
)
# A model is also named by its size ("Acme-22B", "8x7B") or by its checkpoint file ("acme-7b.tar").
_WEIGHTS = re.compile(
    r"\b(?:models?|weights?|checkpoints?|ckpts?|parameters|params|pre-?trained|pretrained|variants?)\b|"
    r"(?<![\w.])(?:\d{1,3}x)?\d{1,4}(?:\.\d{1,2})?[bB]\b|"
    r"\w\.(?:safetensors|gguf|ckpt|pth?|tar|onnx)\b|模型|权重",
    re.IGNORECASE,
)
# Chinese READMEs say it too: 源码/代码 (source code), 模型/权重 (model, weights).
_CODE = re.compile(
    r"\b(?:code|codes|codebase|source|software|scripts?|implementation|library|toolkit|framework)\b|源码|源代码|代码",
    re.IGNORECASE,
)
_REPO = re.compile(r"\b(?:this|the|our) (?:repo|repository|project|work)\b|\beverything\b", re.IGNORECASE)
_TRAINED_ON = re.compile(r"\b(?:trained|pre-?trained|fine-?tuned) (?:on|with)\b", re.IGNORECASE)
_DATA = re.compile(r"\b(?:data|datasets?|corpus|annotations)\b", re.IGNORECASE)
# Splits one sentence into clauses that can each have their own subject.
# A run of spaces is entered at its start only: linear under split() on long runs.
_CLAUSE_SPLIT = re.compile(r",?(?<!\s)\s+(?:while|whereas)\s+|;\s+|,\s+and\s+(?=the\b)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+(?=[A-Z*\[`\"(])")
_MD_LINK = re.compile(r"\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]{1,500})")
_HTML_LINK = re.compile(r"<a\s[^>]{0,300}?href=[\"']([^\"'\s>]{1,500})[\"']", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")
_LICENCE_HEADING = re.compile(r"\blicen[cs]\w*|\bterms\b|\busage and licen|协议|许可", re.IGNORECASE)
_URL_PART = re.compile(r"\]\(\s{0,4}[^)\s]{1,500}\)|https?://\S{1,500}")


@dataclass(frozen=True)
class Statement:
    """A sentence of a card or doc that states terms, with its scope and links."""

    path: str
    line: int  # first line of the sentence
    last: int  # its last line
    text: str
    scope: str  # weights | code | both | repo | data | none
    links: tuple[str, ...]  # hrefs as written (files in the tree or URLs)
    in_licence_section: bool
    section: int = 0  # the line of the heading of the section it sits in (0: before any heading)


def _scope(subject: str, clause: str) -> str:
    # A link's URL names no subject ("[Apache 2.0](https://github.com/acme/Acme-7B/...)" is no model).
    subject, clause = _URL_PART.sub(")", subject), _URL_PART.sub(")", clause)
    if _TRAINED_ON.search(clause):
        return "data"  # "the models were trained on X, which is CC BY-NC": the data's terms
    weights, code = bool(_WEIGHTS.search(subject)), bool(_CODE.search(subject))
    if weights and code:
        return "both"
    if weights:
        return "weights"
    if code:
        return "code"
    if _DATA.search(subject):
        return "data"
    if _REPO.search(subject):
        return "repo"
    # "It covers both released code and weights": no subject of its own, the clause says.
    weights, code = bool(_WEIGHTS.search(clause)), bool(_CODE.search(clause))
    if weights and code:
        return "both"
    return "none"


def _blocks(card: Card) -> list[tuple[list[tuple[int, str]], bool, int]]:
    """Paragraphs of prose (lines joined until a blank line, a heading, a list item or a table row),
    each with whether it sits in a licence section, and the line of its section's heading."""
    out: list[tuple[list[tuple[int, str]], bool, int]] = []
    heading_line = 0
    current: list[tuple[int, str]] = []
    in_fence = False
    section_level = 0  # the heading level of the licence section we are in, 0 when none
    for n, raw in card.body():
        text = raw.strip()
        if text.startswith("```") or text.startswith("~~~"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(raw)
        new_item = bool(re.match(r"(?:[-*+]|\d{1,3}[.)])\s", text)) or text.startswith(("|", ">", "<"))
        if not text or heading or new_item:
            if current:
                out.append((current, section_level > 0, heading_line))
                current = []
        if heading:
            heading_line = n
            level = len(heading.group(1))
            if section_level and level <= section_level:
                section_level = 0
            if _LICENCE_HEADING.search(text):
                section_level = level
            continue
        if text:
            current.append((n, text.lstrip("-*+> ").strip()))
    if current:
        out.append((current, section_level > 0, heading_line))
    return out


def statements(card: Card) -> list[Statement]:
    """The licence statements of one card or doc, sentence by sentence."""
    out: list[Statement] = []
    for block, in_section, section in _blocks(card):
        joined = ""
        starts: list[tuple[int, int]] = []  # (offset in joined, line)
        for n, text in block:
            starts.append((len(joined), n))
            joined += text + " "
        offset = 0
        for sentence in _SENTENCE_END.split(joined):
            begin = joined.find(sentence, offset)
            offset = begin + len(sentence)
            first = max(n for o, n in starts if o <= max(begin, 0))
            last = max(n for o, n in starts if o <= max(offset - 1, 0))
            if not (_LICENSING.search(sentence) or in_section):
                continue
            links = tuple(m.group(2) for m in _MD_LINK.finditer(sentence)) + tuple(
                m.group(1) for m in _HTML_LINK.finditer(sentence)
            )
            for clause in _CLAUSE_SPLIT.split(sentence):
                if not (_LICENSING.search(clause) or in_section):
                    continue
                verb = _VERB.search(clause)
                subject = clause[: verb.start()] if verb else clause
                clause_links = tuple(m.group(2) for m in _MD_LINK.finditer(clause)) + tuple(
                    m.group(1) for m in _HTML_LINK.finditer(clause)
                )
                out.append(
                    Statement(
                        card.path,
                        first,
                        last,
                        clause.strip()[:600],
                        _scope(subject, clause),
                        clause_links or (links if len(links) == 1 else ()),
                        in_section,
                        section,
                    )
                )
    return out
