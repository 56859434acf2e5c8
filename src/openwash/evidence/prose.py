"""Facts read from the model card's prose: each with the line that says it, so that every
finding built on it can quote its evidence.

Heuristics, kept as named patterns: what counts as an open-source claim, a base model named in
the card's own words, training-data information, a paper of the model's own, intermediate
checkpoints, evaluation results, published weights and training code linked from the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openwash.evidence.card import Card


@dataclass(frozen=True)
class Line:
    """One line of a file, quoted as evidence."""

    path: str
    line: int
    text: str


# "Open source" said of the model itself (SPEC section 2), in English and Chinese.
_CLAIM = re.compile(
    r"\bopen[- ]?sourc(?:e|ed|ing)\b|\bfully[- ]open\b|\btruly open\b|开源",
    re.IGNORECASE,
)
_MODEL_NOUN = (
    r"(?:models?|llms?|vlms?|weights|checkpoints?|release|series|versions?|systems?|alternatives?|suites?|family|"
    r"chatbots?|assistants?)"
)
_CLAIM_SELF = re.compile(
    # "an open-source Vision-Language (VL) Model", "open-source suites": the phrase names a model.
    r"\bopen[- ]?source[ds]?\s+(?:[\w()&.'+-]+\s+){0,4}?" + _MODEL_NOUN + r"\b|"
    # "X is a SOTA open-source text-to-speech system", "Arctic is truly open".
    r"\b(?:is|are)\s+(?:[\w'’-]+\s+){0,3}?(?:fully\s+|truly\s+)?open[- ]?sourced?\b|\bfully[- ]open\b|\btruly open\b|"
    # "We open-source distilled 1.5B ... checkpoints", "The following models are open-sourced".
    r"\b(?:we|our team)\s+(?:\w+\s+){0,2}?open[- ]?sourc(?:e|ed|ing)\s+(?!(?:models|llms|pretrained|tools?|projects?|"
    r"librar\w*|communit\w*|software|code|datasets?)\b)|"
    r"\b(?:will be|are being|have been|has been|were|was)\s+open[- ]?sourced\b|"
    # "for open source", "other open source models": placing the model among them.
    r"\bfor open[- ]?source\b|"
    r"是一个?开源|我们开源|开源了|开源的",
    re.IGNORECASE,
)
# Mentions of open source that are about something else: licences, communities, tools, libraries.
_CLAIM_NOT_SELF = re.compile(
    r"open[- ]?source (?:permissive )?licen|open[- ]?source communit|open[- ]?source (?:projects?|tools?|librar|"
    r"frameworks?|software|implementations?|ecosystem|contributions?|reproduction|code|toolkit)|"
    r"\b(?:tools?|librar\w*|toolkit|framework|codebase|code|software|dataset|data) (?:is|are|was|were|has been|have been) "
    r"(?:\w+ )?open[- ]?sourc|\bevaluat\w* open[- ]?source|among (?:both |all )?open|best open|leading open|"
    r"open[- ]?source (?:and|or|vs\.?|versus) closed|"
    r"popular open|based on open[- ]source models|\bnot (?:be )?(?:released |yet )?(?:as )?open[- ]?sourc|"
    r"outperform|compared? (?:to|with)|than (?:other|many|most|existing)|available open|existing open|"
    # "most open-source models are ...": others, in general; "an open-source LLM inference engine": a tool.
    r"\b(?:most|many|some) open[- ]?source\b|"
    r"open[- ]?source (?:[\w-]+ ){0,3}?(?:engines?|servers?|runtimes?|platforms?|frameworks?|librar\w*|tools?)\b|"
    r"开源的[^，。,.]{0,12}数据|开源数据",
    re.IGNORECASE,
)
# "X outperforms Mistral-7B and other open source models": the model placed among open-source ones.
_AMONG_OTHERS = re.compile(
    r"\bother (?:state-of-the-art |sota )?open[- ]?source " + _MODEL_NOUN, re.IGNORECASE
)
# Sections and entries whose words are about others: acknowledgements, citations.
_OTHERS_HEADING = re.compile(
    r"^#+\s.*\b(?:acknowledg\w*|thanks|citation|cite|bibtex|related|references?)\b", re.I
)

_BASE_LABEL = re.compile(
    # One run of non-word characters each side of the colon (no two repeats that can trade
    # characters): linear on a long line of spaces or asterisks.
    r"^\W*(?:fine-?tuned from|finetuned from|base model|based on|trained from|derived from|"
    r"parent model)(?: model)?[\s*]*:[\s*]*(.+)$",
    re.IGNORECASE,
)
_BASE_PROSE = re.compile(
    r"\b(?:this|the|our) model is (?:a |an )?(?:fine-?tun(?:ed|ing)|continued pre-?training|"
    r"instruction-?tuned|further pre-?trained|derivative|distillation|merge)(?: version)? (?:of|from|on) (.{3,120})",
    re.IGNORECASE,
)
# "X is based on Llama 2", "built on the Llama-3b backbone", "fine-tuned from Vicuna-v1.5",
# delta weights against a base: the base as the prose names it (checked against the families).
_BASE_VERB = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:built|based|fine-?tuned|finetuned|trained|initiali[sz]ed|derived)\s+"
    r"(?:up)?(?:on|from)|built\s+(?:up)?on|fine-?tuned\s+from|finetuned\s+from|initiali[sz]ed\s+from|"
    r"delta\s+weights?\s+(?:on\s+top\s+of|against|relative\s+to|of))\s+(?:top\s+of\s+)?(?:the\s+)?(.{3,80})",
    re.IGNORECASE,
)
# Link text stops at the next bracket and the URL at the next parenthesis or space: linear on "[[[[".
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]+)(?:\s[^()]*)?\)")

_DATA_HEADING = re.compile(
    r"^#+\s.*\b(?:training data|pre-?training data|datasets?|data(?:set)? sources?|"
    r"training (?:data|corpus)|data)\b",
    re.IGNORECASE,
)
# "was trained on", and the present tense of a publisher describing its own run ("we train on").
_DATA_SENTENCE = re.compile(
    r"\b(?:trained|we (?:first |then )?(?:pre-?)?train) (?:on|with) (?:a |an |the )?.{0,80}"
    r"\b(?:dataset|data|database|corpus|tokens|hours|images|pairs|mix)\b|"
    r"\b(?:training|pre-?training) (?:data|dataset|corpus)\b|\bdatasheet\b|\bdata card\b",
    re.IGNORECASE,
)
_DATA_RELEASED = re.compile(
    r"\b(?:we|our)\b.{0,40}\b(?:release|provide|publish|upload|share)\w{0,20}\b.{0,60}\b(?:training|pre-?training)"
    r"(?: and validation)? data\b|\b(?:training|pre-?training)(?: and validation)? data (?:is|are) "
    r"(?:public|publicly available|open|free to download|available)",
    re.IGNORECASE,
)
_PAPER_URL = re.compile(
    r"https?://(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/\d{4}\.\d{4,5}|aclanthology\.org/|"
    r"openreview\.net/|papers\.nips\.cc/|proceedings\.mlr\.press/)[^\s)\]>\"']*",
    re.IGNORECASE,
)
_OWN_PAPER = re.compile(
    r"\bour (?:paper|technical report|report|preprint)\b|\bsee (?:the|our) paper\b|"
    r"\btechnical report\b|alt=\"paper|\[paper\]|\bpaper url\b|badge/arxiv|\[arxiv\]",
    re.IGNORECASE,
)
_BIBTEX = re.compile(
    r"^\s*@(?:article|misc|inproceedings|techreport|software|online|book)\s*\{", re.IGNORECASE
)
_CHECKPOINTS = re.compile(
    r"\bintermediate (?:checkpoints|steps|model)\b|\bcheckpoints? at intermediate\b|"
    r"\b\d{2,} (?:intermediate )?checkpoints\b|revision=[\"']step\d+|\bstep\d{3,}\b",
    re.IGNORECASE,
)
_EVAL_HEADING = re.compile(r"^#+\s.*\b(?:evaluation|results|benchmarks?|performance)\b", re.IGNORECASE)
_EVAL_CODE = re.compile(
    r"lm-evaluation-harness|evaluation (?:code|harness|scripts?|tools?|framework|suite)|\beval(?:uation)? suite\b|"
    r"\b(?:tools?|code|scripts?) (?:for|to) evaluat\w*|opencompass|helm\b|bigcode-evaluation-harness|"
    r"\[[^\]]{0,60}\beval\w*[^\]]{0,60}\]\(https?://github\.com/",
    re.IGNORECASE,
)
_WEIGHTS_LINK = re.compile(
    r"magnet:\?xt=|huggingface-cli download|hf download|(?<!tokenizer\.)(?<!processor\.)from_pretrained\(|"
    r"https?://\S{1,500}\.(?:safetensors|gguf|ckpt|pth?|bin|tar|tar\.gz|zip)\b|"  # bounded: linear on long tokens
    r"\bdownload (?:the |our )?(?:model |pre-?trained )?(?:weights|checkpoints?|models?)\b",
    re.IGNORECASE,
)
_TRAIN_CODE_LINK = re.compile(
    r"\b(?:training|pre-?training|fine-?tuning) (?:code|framework|pipeline|scripts?|"
    r"recipes?|configs?|configurations?)\b|\bscripts/train|\btrain\.py\b",
    re.IGNORECASE,
)
# A fine-tuning script handed to users is not the code that trained the model, and a dated news
# line is about something that happened, often elsewhere.
_USER_FINETUNE = re.compile(
    r"\bfor (?:users|you) to (?:fine-?tune|finetune)|\bfine-?tune (?:it |the model )?on your own\b|"
    r"\bfinetune\.py\b",
    re.IGNORECASE,
)
_NEWS_LINE = re.compile(
    r"^\W{0,6}(?:\*\*)?\[?(?:\d{4}[./-]\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w{0,6}\.? \d{1,2},? \d{4})",
    re.IGNORECASE,
)
_DATA_CODE = re.compile(
    r"\b(?:data )?(?:pre-?processing|processing|filtering|deduplication|tokeni[sz]ation) "
    r"(?:code|scripts?|pipeline|toolkit)\b|\bscript to (?:reconstruct|rebuild|prepare|"
    r"tokeni[sz]e|preprocess)|\bbuild_memmap|\bprepare_\w+data|\bdata order\b",
    re.IGNORECASE,
)


def _lines(card: Card) -> list[tuple[int, str]]:
    return [(n, t) for n, t in card.body() if t.strip()]


def _matching(card: Card, pattern: re.Pattern[str]) -> list[Line]:
    """The card's prose lines that `pattern` finds something in."""
    return [Line(card.path, n, t.strip()) for n, t in _lines(card) if pattern.search(t)]


def open_source_claims(card: Card) -> list[Line]:
    out = []
    skip_level = 0  # inside an acknowledgements or citation section
    in_bibtex = False
    for n, text in _prose_lines(card):
        heading = re.match(r"^(#{1,6})\s", text.lstrip())
        if heading:
            level = len(heading.group(1))
            if skip_level and level <= skip_level:
                skip_level = 0
            if _OTHERS_HEADING.match(text.lstrip()):
                skip_level = level
        if skip_level:
            continue
        if _BIBTEX.match(text):
            in_bibtex = True
        if in_bibtex:
            in_bibtex = text.strip() != "}"
            continue
        for sentence in re.split(r"(?<=[.!?。])\s+", text):
            if _CLAIM.search(sentence) and (
                _AMONG_OTHERS.search(sentence)
                or (_CLAIM_SELF.search(sentence) and not _CLAIM_NOT_SELF.search(sentence))
            ):
                out.append(Line(card.path, n, sentence.strip()))
                break
    return out


def base_model_mentions(card: Card, wide: bool = False) -> list[tuple[Line, str]]:
    """(line, the base model as named) for a base given in the card's own words; `wide` also takes
    "X is based on / built on / derived from Y" said of any model the prose names."""
    out = []
    for n, text in _lines(card):
        m = _BASE_LABEL.match(text) or _BASE_PROSE.search(text) or (wide and _BASE_VERB.search(text))
        if not m:
            continue
        named = m.group(1)
        link = _MD_LINK.search(named)
        if link:
            named = f"{link.group(1)} ({link.group(2)})"
        out.append((Line(card.path, n, text.strip()), named.strip(" *`")))
    return out


# A data heading that is about something else: a benchmark's preparation, downloading, your own data.
_NOT_DATA_HEADING = re.compile(
    r"prepar|download|format|custom|\byour\b|loader|loading|benchmark|evaluat|test|fine-?tun|inference|usage|"
    r"collator|augment",
    re.IGNORECASE,
)
# A section about what users do with the model: the datasets under it are theirs (a "## Datasets"
# under "# Evaluation" lists benchmarks), not the released model's. Not a fine-tuning section: a
# fine-tuned model's own data is often told there ("## Fine-tuning / ### Data: the model is made
# by fine-tuning on 125K conversations").
_OTHER_ACTIVITY_HEADING = re.compile(
    r"^#{1,6}\s+\W{0,6}(?:evaluat\w*|benchmark\w*|usage|inference|how to use|"
    r"quick ?start|getting started)\b",
    re.IGNORECASE,
)
# Pre-training is what the publisher did: its data's heading is the model's own even when it
# offers the data for download or tells how it was prepared. Benchmarks and fine-tuning are not.
_PRETRAINING_DATA_HEADING = re.compile(r"\bpre-?training (?:data|datasets?|corpus|corpora)\b", re.IGNORECASE)
_OTHERS_DATA_HEADING = re.compile(r"benchmark|evaluat|\btest|fine-?tun|your own|custom", re.IGNORECASE)
# A heading about how the models were (pre-)trained, or a table of models named for their data
# ("ImageNet-1K trained models"); not a zoo of "Pretrained models", which lists what others may use.
_TRAINING_HEADING = re.compile(r"\b(?:pre-?)?training\b|\btrain\b|(?<!pre-)\btrained\b", re.IGNORECASE)
# "We will not release the pre-processed data": evidence of absence, never of presence.
_DATA_DENIAL = re.compile(
    r"\b(?:will|do|does|did|can|could|are|is)\s*(?:not|n't)\s+(?:be\s+)?(?:releas|publish|shar|open[- ]?sourc|"
    r"mak\w*\s+(?:it\s+|them\s+)?(?:public|available)|provid|distribut)\w*[^.]{0,80}\b(?:data|dataset|corpus)|"
    r"\b(?:data|dataset|corpus)\b[^.]{0,60}\b(?:not|never)\s+(?:be\s+)?(?:released|public|publicly|available|shared)",
    re.IGNORECASE,
)
# What makes a description rebuildable: named sources, sizes, processing (SPEC section 4).
_DATA_SOURCE = re.compile(
    r"huggingface\.co/datasets/|\b(?:common ?crawl|c4|(?:the |mini)?pile|laion|wikipedia|github|arxiv|books3?|coco|imagenet|"
    r"yfcc|librispeech|librilight|mls|gigaspeech|openwebtext|redpajama|dolma|fineweb|refinedweb|stack ?exchange|"
    r"starcoderdata|the stack|sharegpt|cc3m|cc12m|sbu|audioset|voxpopuli|objaverse|kinetics|webvid|sa-1b|sa-v)\b",
    re.IGNORECASE,
)
_DATA_SIZE = re.compile(
    r"\b(?<![\d,.])\d[\d,.]*+\s?(?:[kmbtg]|thousand|million|billion|trillion)?\+?\s?(?:tokens|hours|images|pairs|samples|"
    r"examples|documents|utterances|videos|clips|words|conversations|instructions|masks|speakers|songs|gb|tb)\b",
    re.IGNORECASE,
)
_DATA_PROCESSING = re.compile(
    r"\b(?:filter\w*|dedup\w*|de-duplicat\w*|clean\w*|mixture|proportion|sampled|curat\w*|annotat\w*|"
    r"quality classifier|language identification)\b",
    re.IGNORECASE,
)


def _prose_lines(card: Card) -> list[tuple[int, str]]:
    """Non-blank lines outside code fences (a `# Download the dataset` comment is no heading)."""
    out, fence = [], False
    for n, t in card.body():
        if t.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if not fence and t.strip():
            out.append((n, t))
    return out


# "trained on the English Libri-Speech dataset": a dataset called by its proper name is a named source
# (the card names it, a skilled person can look it up), unless the name is a generic word.
_NAMED_DATASET = re.compile(r"\b([A-Z][\w-]{2,40}) (?:dataset|corpus|database)\b")
_GENERIC_NAME = frozenset(
    {
        "The",
        "This",
        "That",
        "Our",
        "Your",
        "Their",
        "Its",
        "Same",
        "New",
        "Each",
        "Any",
        "Training",
        "Train",
        "Test",
        "Testing",
        "Validation",
        "Evaluation",
        "Custom",
        "Private",
        "Internal",
        "Proprietary",
        "Original",
        "Full",
        "Whole",
        "Large",
        "Small",
        "English",
        "Chinese",
        "Multilingual",
        "Public",
        "Toy",
    }
)


def _named_dataset(text: str) -> bool:
    return any(m.group(1) not in _GENERIC_NAME for m in _NAMED_DATASET.finditer(text))


def data_information(cards: list[Card]) -> list[Line]:
    """Lines that describe the data the released model was trained on, well enough to assemble a
    similar set: named sources, sizes, processing. A keyword is not enough: a data heading credits
    only the details under it, a bare "trained on data" credits nothing, and a denial that the
    data will be released (anywhere in the cards) asks for two kinds of detail."""
    candidates: list[tuple[str, int, str]] = []
    denied = False
    for card in cards:
        lines = _prose_lines(card)
        denied = denied or any(_DATA_DENIAL.search(t) for _, t in lines)
        candidates += [(card.path, n, t) for n, t in _data_candidates(lines)]
    kinds: set[str] = set()
    evidence: list[Line] = []
    for path, n, text in candidates:
        if _DATA_DENIAL.search(text):
            continue
        found = {
            k
            for k, p in (("source", _DATA_SOURCE), ("size", _DATA_SIZE), ("processing", _DATA_PROCESSING))
            if p.search(text)
        }
        if _named_dataset(text):
            found.add("source")
        if found or re.search(r"\bdatasheet\b|\bdata card\b", text, re.IGNORECASE):
            kinds |= found or {"datasheet"}
            evidence.append(Line(path, n, text.strip()))
    if len(kinds) >= 2 or (kinds and not denied):
        return evidence
    return []


_NON_DATASET_URL = re.compile(r"(?:https?:)?//(?![^\s)]{0,100}/datasets/)[^\s)\]>]{1,500}")


def _names_source(text: str) -> bool:
    """A named data source in the words of a line (a link's address, a script on GitHub, is none)."""
    return bool(_DATA_SOURCE.search(_NON_DATASET_URL.sub(" ", text)))


# A training section's line about data (not a results table row, not a user's own or toy set).
# "two models trained on The Pile": a known source needs no "dataset" after it.
_TRAINED_ON_SOURCE = re.compile(r"\btrained (?:on|with)\b", re.IGNORECASE)
_TRAINED_MODELS = re.compile(r"(?<!pre-)\btrained\b", re.IGNORECASE)
_DATA_WORD = re.compile(r"\b(?:datasets?|data|corpus|database)\b", re.IGNORECASE)
_NOT_RECIPE_DATA = re.compile(r"fine-?tun|your own|custom|\btoy\b|\bexample\b|\bsample\b", re.IGNORECASE)


def _recipe_data(text: str) -> bool:
    words = _NON_DATASET_URL.sub(" ", text)
    return (
        not text.lstrip().startswith("|")
        and bool(_DATA_WORD.search(words))
        and not _NOT_RECIPE_DATA.search(words)
        and bool(_DATA_SOURCE.search(words))
    )


def _data_candidates(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines under a training-data heading, and sentences saying what the model was trained on."""
    candidates: list[tuple[int, str]] = []
    in_section = 0
    elsewhere = 0  # the level of an enclosing section about fine-tuning, evaluation or usage
    training = 0  # the level of an enclosing section about how the models were trained
    for n, text in lines:
        heading = re.match(r"^(#{1,6})\s", text.lstrip())
        if heading:
            level = len(heading.group(1))
            if elsewhere and level <= elsewhere:
                elsewhere = 0
            if not elsewhere and _OTHER_ACTIVITY_HEADING.match(text.lstrip()):
                elsewhere = level
            own = _PRETRAINING_DATA_HEADING.search(text) and not _OTHERS_DATA_HEADING.search(text)
            data = _DATA_HEADING.match(text.lstrip()) and not _NOT_DATA_HEADING.search(text)
            if (own or data) and not elsewhere:
                in_section = level
            elif in_section and level <= in_section:
                in_section = 0
            if training and level <= training:
                training = 0
            if not elsewhere and _TRAINING_HEADING.search(text) and not _OTHERS_DATA_HEADING.search(text):
                training = level
                if _TRAINED_MODELS.search(text) and _names_source(text):
                    # "### ImageNet-1K trained models": a table of the models, named for their data (a
                    # how-to heading, "training Acme on ImageNet", may be a recipe for other data).
                    candidates.append((n, text))
            continue
        if (
            in_section
            or _DATA_SENTENCE.search(text)
            or (training and _recipe_data(text))
            or (_TRAINED_ON_SOURCE.search(text) and _names_source(text))
        ):
            # Under the publisher's own training heading, a named source is the recipe's data
            # ("download the ImageNet dataset" before the command that trained the released model).
            candidates.append((n, text))
    return candidates


def data_released(card: Card) -> list[Line]:
    return _matching(card, _DATA_RELEASED)


def own_papers(card: Card) -> list[Line]:
    """Links to a paper of the model's own: one the card calls its own, or the first BibTeX
    entry's (a card cites its own work first); third-party papers do not count."""
    out = []
    lines = _lines(card)
    for n, text in lines:
        if _PAPER_URL.search(text) and _OWN_PAPER.search(text):
            out.append(Line(card.path, n, text.strip()))
    # The first BibTeX entry of the card, if it names a paper venue or arXiv.
    for i, (n, text) in enumerate(lines):
        if _BIBTEX.match(text):
            entry = []
            for m, t in lines[i : i + 12]:
                entry.append((m, t))
                if t.strip() == "}":
                    break
            if re.search(r"arxiv|journal\s*=|booktitle\s*=|eprint\s*=", " ".join(t for _, t in entry), re.I):
                out.append(Line(card.path, n, text.strip()))
            break
    return out


def intermediate_checkpoints(card: Card) -> list[Line]:
    return _matching(card, _CHECKPOINTS)


def evaluation_results(card: Card) -> list[Line]:
    out = []
    if "model-index" in card.front:
        line, quote = card.key_quote("model-index")
        out.append(Line(card.path, line or 1, quote))
    out += [Line(card.path, n, t.strip()) for n, t in _prose_lines(card) if _EVAL_HEADING.match(t)]
    return out


def evaluation_code(card: Card) -> list[Line]:
    return _matching(card, _EVAL_CODE)


# "We are not releasing the weights", "weights are unavailable": a statement that they are not published.
_WEIGHTS_WITHHELD = re.compile(
    r"\b(?:not|no|never|won't|will not|unavailable|withheld|cannot be downloaded)\b[^.]{0,60}\b(?:release|releasing|"
    r"released|publish|published|available|download)\w*\b|\b(?:api|apis) only\b",
    re.IGNORECASE,
)


# "Pretrained models are uploaded to [Hugging Face](https://huggingface.co/acme)", "the weights
# can be freely downloaded from [host](https://...)": a sentence that says where the weights live,
# with the link on its line or the next (wrapped prose). The link may be an organisation's page.
_WEIGHTS_HOSTED = re.compile(
    r"\b(?:weights|checkpoints?|models)\b[^.]{0,40}?\b(?:(?:are|is|were|was|have been|has been) (?:now )?"
    r"(?:uploaded|hosted|available|published|released)|can be (?:\w+ )?(?:downloaded|found))"
    r"\s(?:to|on|at|from|via|in)\b",
    re.IGNORECASE,
)
# Weights one must ask for are not published (SPEC: "request access" without a grant is closed).
_ON_REQUEST = re.compile(
    r"\b(?:upon|on|by) request\b|\brequest (?:form|access)\b|\bapply\b|\bcontact\b", re.I
)
_NOT_A_WEIGHTS_PAGE = re.compile(
    r"/(?:datasets|spaces|docs|papers)/|arxiv\.org|github\.com/[^/\s]+/[^/\s]+/?(?:\s|\)|$)", re.I
)


def _hosted_link(text: str, following: str) -> bool:
    if not _WEIGHTS_HOSTED.search(text) or _ON_REQUEST.search(text):
        return False
    urls = re.findall(r"https?://[^\s)\]>\"']{1,300}", text + " " + following)
    return any(not _NOT_A_WEIGHTS_PAGE.search(u + " ") for u in urls)


def weight_links(card: Card) -> list[Line]:
    """Lines that publish weights: a download command, a weight-file URL, a magnet link, a sentence
    saying where the weights are hosted."""
    lines = _lines(card)
    out = []
    for i, (n, t) in enumerate(lines):
        following = lines[i + 1][1] if i + 1 < len(lines) and lines[i + 1][0] == n + 1 else ""
        if (_WEIGHTS_LINK.search(t) or _hosted_link(t, following)) and not _WEIGHTS_WITHHELD.search(t):
            out.append(Line(card.path, n, t.strip()))
    return out


_LIBRARY_USE = re.compile(
    r"\b(?:from|import) (transformers|diffusers|sentence_transformers|timm|open_clip|vllm|"
    r"peft|keras_nlp|mlx_lm|llama_cpp)\b|\b(AutoModel\w*|pipeline)\("
)


def library_usage(card: Card) -> list[Line]:
    """Code in the card that loads the model with a named library (inference and architecture live there)."""
    return _matching(card, _LIBRARY_USE)


def training_code_links(card: Card) -> list[Line]:
    return [
        Line(card.path, n, t.strip())
        for n, t in _lines(card)
        if _TRAIN_CODE_LINK.search(t)
        and ("http" in t or "`" in t or "](" in t)
        and not _USER_FINETUNE.search(t)
        and not _NEWS_LINE.match(t)
    ]


def data_processing_code(card: Card) -> list[Line]:
    return _matching(card, _DATA_CODE)


# A command that runs a script of the tree: `python -m torch.distributed.launch ... main.py --lr 3e-4`.
_RUN_SCRIPT = re.compile(
    r"(?:^|[\s;&(])(?:python3?|torchrun|deepspeed|accelerate\s+launch)\b[^\n]{0,300}?\s([\w./-]{1,200}\.py)\b"
)
# A document about training as a whole (TRAINING.md, PRETRAIN.md, docs/train.md).
_TRAINING_DOC = re.compile(r"(?:^|/)(?:pre-?)?train\w*\.(?:md|rst)$", re.IGNORECASE)


def training_scripts(card: Card) -> list[tuple[Line, str]]:
    """Scripts that the card's training instructions run (the command under "## Training", or in a
    TRAINING.md): the publisher's own training code, whatever the script is called (main_acme.py).
    Fine-tuning and evaluation sections are left out (their scripts are named by what they do)."""
    whole = bool(_TRAINING_DOC.search(card.path))
    out: list[tuple[Line, str]] = []
    training = 0
    fence = False
    for n, text in card.body():
        stripped = text.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        heading = None if fence else re.match(r"^(#{1,6})\s", stripped)
        if heading:
            level = len(heading.group(1))
            if training and level <= training:
                training = 0
            if not training and _TRAINING_HEADING.search(text) and not _OTHERS_DATA_HEADING.search(text):
                training = level
            continue
        if not (training or whole):
            continue
        m = _RUN_SCRIPT.search(text)
        if m:
            out.append((Line(card.path, n, text.strip()), m.group(1)))
    return out
