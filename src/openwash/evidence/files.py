"""What a file is, from its path alone: licence, policy, card, weights, code, SBOM, ...

Pure functions over repository-relative POSIX paths, shared by local and remote sources, so that
a file listing (from disk, the GitHub API or the Hugging Face Hub) classifies the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Licence texts and terms-bearing files (SPEC section 1).
_LICENSE_NAME = re.compile(
    r"^(?:.*[-_. ])?(?:licen[cs]e|copying|unlicen[cs]e)(?:[-_. ].*)?$|"
    r"^(?:model|code|weights?|data)[-_]?licen[cs]e.*$|"
    r"^.*\blicen[cs]e\s+agreement.*$|"
    # Terms of use written for the weights (WEIGHTS_TERMS_OF_USE.md, TERMS_OF_USE.md).
    r"^(?:[a-z]+[-_ ])?terms[-_ ]of[-_ ](?:use|service)(?:[-_. ].*)?$",
    re.IGNORECASE,
)
_NOTICE_NAME = re.compile(r"^notice(?:[-_.].*)?$", re.IGNORECASE)
_POLICY_NAME = re.compile(
    r"^(?:.*[-_ ])?(?:use[-_ ]?policy|acceptable[-_ ]?use.*|prohibited[-_ ]?use.*)(?:\..*)?$", re.IGNORECASE
)
_CARD_NAMES = {
    "readme.md",
    "model_card.md",
    "model-card.md",
    "modelcard.md",
    "readme.rst",
    "readme.txt",
    "readme",
}
_CARD_LIKE = re.compile(
    r"^(?:.*[-_])?model[-_ ]?card(?:[-_].*)?\.md$|^readme[-_.][a-z]{2}(?:[-_][a-z]{2})?\.md$", re.IGNORECASE
)
_TEXT_SUFFIXES = ("", ".txt", ".md", ".rst", ".markdown", ".html", ".htm")
# Files named like a licence that are code, data or a picture of one (assets/license.svg, a badge).
_NOT_TERMS_SUFFIXES = frozenset(
    {".py", ".json", ".yaml", ".yml", ".toml", ".js", ".ts", ".css", ".ipynb"}
    | {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf"}
)

WEIGHT_SUFFIXES = (
    ".safetensors",
    ".gguf",
    ".ggml",
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".onnx",
    ".h5",
    ".keras",
    ".tflite",
    ".msgpack",
    ".npz",
    ".mlmodel",
    ".pb",
    ".pdparams",
    ".nemo",
    ".llamafile",
    ".mlpackage",
)
_SHARD = re.compile(
    r"(?:^|/)[^/]*-\d{5}-of-\d{5}\.[a-z0-9]+$|(?:^|/)[^/]*\.(?:safetensors|bin|pt)\.index\.json$",
    re.IGNORECASE,
)
# .bin and .pb are also used by things that are not weights: require a model-ish name for them.
_AMBIGUOUS_WEIGHT = {".bin", ".pb", ".h5", ".npz"}
_MODELISH = re.compile(
    r"model|weight|checkpoint|ckpt|pytorch|tf_|flax|adapter|consolidated|params|encoder|"
    r"decoder|vae|unet|lora|step\d",
    re.IGNORECASE,
)

SBOM_PATTERNS = re.compile(
    r"(?:\.spdx|\.spdx\.json|\.spdx\.ya?ml|\.spdx3\.json|\.jsonld|\.cdx\.json|\.cdx\.xml|(?:^|/)bom\.json)$",
    re.IGNORECASE,
)
_SBOM_TAILS = frozenset(("spdx", "json", "yaml", ".yml", "onld", ".xml"))  # the last 4 characters of each
POLICY_FILE_NAMES = (".openwash.yml", ".openwash.yaml")

_CODE_SUFFIXES = (
    ".py",
    ".ipynb",
    ".sh",
    ".jl",
    ".rs",
    ".go",
    ".c",
    ".cc",
    ".cpp",
    ".cu",
    ".js",
    ".ts",
    ".java",
    ".scala",
    ".lua",
    ".r",
    ".swift",
    ".kt",
)
_CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".gin", ".cfg", ".ini")
# Code roles, from file and folder names (never from contents: the scan reads no code).
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "training",
        re.compile(
            # "pretrained" / "trained" name an artefact a file loads (pretrained_clip.py), not a run.
            r"(?:^|[/_.-])(?:(?:pre)?train(?!ed(?:[/_.-]|$))\w*|fine_?tun\w*|finetun\w*|sft|dpo|rlhf|trainer|"
            r"launch\w*|deepspeed\w*|megatron\w*)(?:[/_.-]|$)",
            re.IGNORECASE,
        ),
    ),
    (
        "data-processing",
        re.compile(
            r"(?:^|[/_.-])(?:preprocess\w*|prepare\w*|prep|tokeni[sz]\w*|dedup\w*|"
            r"filter\w*|data_?(?:prep|process\w*|pipeline)|build_\w*data\w*|shard\w*|"
            r"memmap\w*|unshard\w*)(?:[/_.-]|$)",
            re.IGNORECASE,
        ),
    ),
    ("evaluation", re.compile(r"(?:^|[/_.-])(?:eval\w*|benchmark\w*|harness)(?:[/_.-]|$)", re.IGNORECASE)),
    (
        "inference",
        re.compile(
            r"(?:^|[/_.-])(?:infer\w*|generat\w*|predict\w*|sample\w*|serve|server|demo|chat|"
            r"run|cli|api|pipeline)(?:[/_.-]|$)",
            re.IGNORECASE,
        ),
    ),
    (
        "architecture",
        re.compile(
            r"(?:^|[/_.-])(?:model\w*|modeling\w*|architecture|layers?|transformer\w*|"
            r"attention|moe)(?:[/_.-]|$)",
            re.IGNORECASE,
        ),
    ),
)
_SKIP_CODE_DIRS = re.compile(
    r"(?:^|/)(?:tests?|docs?|examples?/notebooks|\.github|vendor|third_party)/", re.IGNORECASE
)


# The size of a file on disk that no check needs (only a possible weight file's is measured: a stat
# per file would be most of the cost of walking a large tree).
UNMEASURED = -1


@dataclass(frozen=True)
class FileEntry:
    """One file of a repository listing: its path, size in bytes (or UNMEASURED) and whether it is
    a Git LFS pointer."""

    path: str
    size: int
    lfs_size: int | None = None  # the size the LFS pointer announces, when it is one


def basename(path: str) -> str:
    return path[path.rfind("/") + 1 :]


def _stem_suffix(name: str) -> tuple[str, str]:
    if "." in name[1:]:
        stem, _, suffix = name.rpartition(".")
        return stem, "." + suffix.lower()
    return name, ""


def license_kind(path: str) -> str | None:
    """'license', 'notice' or 'policy' for terms-bearing files, else None (SPEC section 1)."""
    if path.count("/") > 1:
        return None  # (as below, without splitting: called for every file of a tree)
    name = basename(path)
    parts = path.split("/")
    if len(parts) == 2 and parts[0].upper() in ("LICENSES", "LICENCES"):
        # REUSE layout: LICENSES/<id>.txt at the top (a package's licenses/ folder of code is not one).
        return "license" if _stem_suffix(name)[1] in _TEXT_SUFFIXES else None
    if len(parts) > 2:
        return None  # terms live at the top or one level down (e.g. models/LICENSE), not deep in the tree
    _stem, suffix = _stem_suffix(name)
    if suffix not in _TEXT_SUFFIXES and not suffix[1:].isdigit():
        # LICENSE.APACHE, LICENSE.MIT and the like are licences too.
        if not re.fullmatch(r"\.[a-z0-9-]{2,12}", suffix) or suffix in _NOT_TERMS_SUFFIXES:
            return None
    if _POLICY_NAME.match(name):
        return "policy"
    if _NOTICE_NAME.match(name):
        return "notice"
    if _LICENSE_NAME.match(name):
        return "license"
    return None


def is_deep_license(path: str) -> bool:
    """A licence file deeper than terms live (vendor/tool/LICENSE): the terms of vendored code, and
    of the weights that code downloads."""
    if path.count("/") < 2:
        return False
    name = path[path.rfind("/") + 1 :]
    lower = name.lower()
    # Called for every file of a tree: only a name that says licence, copying or terms is looked at.
    return ("licen" in lower or "copying" in lower or "terms" in lower) and license_kind(name) == "license"


def is_card(path: str) -> bool:
    if "/" in path:
        return False
    name = path.lower()
    return name in _CARD_NAMES or bool(_CARD_LIKE.match(name))


_DOC_SUFFIXES = (".md", ".markdown", ".rst")
# Folders whose prose is not about this repository's own models: vendored code, tests, CI.
_FOREIGN_DIRS = re.compile(
    r"(?:^|/)(?:tests?|testing|fixtures?|testdata|vendor|vendored|third[-_]?party|external|node_modules|"
    r"\.github|site-packages|licenses?|licences?|examples?|samples?)/",
    re.IGNORECASE,
)
# Scripts and configs where checkpoint URLs and base-model ids live (download scripts, model zoos,
# hyper-parameter files, model configs); read only for links, never executed.
_LINK_SCRIPT_NAME = re.compile(
    r"download|train|finetun|fine_tun|checkpoint|ckpt|hparams|zoo|urls?\b|hub|weights|registry|(?:^|/)configs?/|"
    r"(?:^|/)\.?models?\.(?:json|ya?ml)$",
    re.IGNORECASE,
)


# Weight-shaped files there are test fixtures, demo tensors or examples, not the published model.
_NOT_PUBLISHED = re.compile(
    r"(?:^|/)(?:tests?|testing|fixtures?|testdata|test_data|examples?|samples?|assets|demos?|docs?|notebooks?)/",
    re.IGNORECASE,
)


def is_published_weight(path: str) -> bool:
    return is_weight(path) and not _NOT_PUBLISHED.search(path)


def is_doc(path: str) -> bool:
    """Prose documentation that can state the terms or publish the weights (docs/*.md, MODEL_ZOO.md,
    a sub-project's README), outside vendored and test folders; top-level cards are read as cards."""
    if not path.lower().endswith(_DOC_SUFFIXES):
        return False  # the suffix test below, cheaper: called for every file of a tree
    _, suffix = _stem_suffix(basename(path))
    if suffix not in _DOC_SUFFIXES or is_card(path) or license_kind(path):
        return False
    return path.count("/") <= 4 and not _FOREIGN_DIRS.search(path)


_LINK_SCRIPT_SUFFIXES = (".sh", ".py", ".yaml", ".yml", ".json")


def is_link_script(path: str) -> bool:
    """A script or config that may carry checkpoint URLs or a base-model id."""
    if not path.lower().endswith(_LINK_SCRIPT_SUFFIXES):
        return False  # the suffix test below, cheaper: called for every file of a tree
    _, suffix = _stem_suffix(basename(path))
    if suffix not in _LINK_SCRIPT_SUFFIXES or path.count("/") > 5:
        return False
    return not _FOREIGN_DIRS.search(path) and (suffix == ".sh" or bool(_LINK_SCRIPT_NAME.search(path)))


def is_weight(path: str) -> bool:
    # Called for every file of a tree: the name's parts are found inline.
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""  # as _stem_suffix
    lower = name.lower()
    if suffix in (".arrow", ".parquet", ".jsonl", ".csv") or lower.startswith(("data-", "train-", "test-")):
        return False  # dataset shards (data-00000-of-00001.arrow) are data, not weights
    # Every shard name has "-of-" or ends in ".index.json": the regex runs only on those.
    if (suffix == ".json" or "-of-" in lower) and _SHARD.search(path):
        return True
    if suffix not in WEIGHT_SUFFIXES:
        return False
    if suffix in _AMBIGUOUS_WEIGHT:
        return bool(_MODELISH.search(name))
    return True


def is_sbom(path: str) -> bool:
    # Every SBOM name ends in one of _SBOM_TAILS: the regex runs only on those.
    return path[-4:].lower() in _SBOM_TAILS and bool(SBOM_PATTERNS.search(path))


def code_roles(path: str) -> tuple[str, ...]:
    """The roles a code file plays (training, inference, ...), from its path; () if it is not code."""
    if not path.lower().endswith(_CODE_SUFFIXES + _CONFIG_SUFFIXES):
        return ()  # the suffix test below, cheaper: called for every file of a tree
    _, suffix = _stem_suffix(basename(path))
    if suffix not in _CODE_SUFFIXES and suffix not in _CONFIG_SUFFIXES:
        return ()
    if _SKIP_CODE_DIRS.search(path):
        return ()
    if suffix in _CODE_SUFFIXES:
        roles = tuple(role for role, pattern in _ROLE_PATTERNS if pattern.search(path))
        return roles or ("other",)
    if suffix in _CONFIG_SUFFIXES and re.search(
        r"(?:^|/)(?:configs?|recipes?|scripts?)/", path, re.IGNORECASE
    ):
        # Training configs count as training code (OSAID: "training, with settings").
        if _ROLE_PATTERNS[0][1].search(path) or re.search(r"(?:^|/)configs?/", path, re.IGNORECASE):
            return ("training-config",)
    return ()
