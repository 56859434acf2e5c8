"""Weights published by link (SPEC section 1): Hugging Face and ModelScope model pages, collections,
checkpoint files on a web server, in the prose of the card and docs or in download scripts.

URLs are found with one bounded pattern and classified in Python, so the cost stays linear in the
text whatever its shape. Dataset pages and shards, Spaces, docs, benchmark archives and tokenizers
are not weights.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openwash.evidence.prose import Line

_URL = re.compile(
    r"(?:https?:)?//[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}(?:/[^\s\"'<>()\[\]`|]{0,400})?"
)
_HF_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")
# First path segments of huggingface.co that are not an organisation's model.
_HF_RESERVED = {
    "datasets",
    "spaces",
    "docs",
    "blog",
    "papers",
    "join",
    "login",
    "settings",
    "pricing",
    "api",
    "models",
    "tasks",
    "learn",
    "new",
    "organizations",
    "chat",
    "posts",
    "enterprise",
    "inference-endpoints",
    "search",
    "transformers",
    "course",
}
_CHECKPOINT_SUFFIX = re.compile(
    r"\.(?:safetensors|gguf|ggml|ckpt|pth|pt|onnx|msgpack|pdparams|nemo|pth\.tar|pt\.tar)$", re.IGNORECASE
)
# Suffixes that are weights only with a model-ish name (a .zip may be a benchmark, a .bin a tokenizer).
_AMBIGUOUS_SUFFIX = re.compile(r"\.(?:bin|pkl|h5|npz|tar|tar\.gz|tgz|zip)$", re.IGNORECASE)
_MODELISH = re.compile(r"model|weight|checkpoint|ckpt|pretrain|network|snapshot", re.IGNORECASE)
_NOT_WEIGHTS = re.compile(
    r"tokeni[sz]er|vocab|dataset|/data/|data-\d{5}-of-\d{5}|\.arrow$|benchmark|images?/|\.(?:png|jpe?g|gif|svg|mp4|wav)$",
    re.IGNORECASE,
)
MAX_LINKS = 50
_HF_FILE = re.compile(
    r"/(?:resolve|blob)/[^/\s]{1,100}/\S{0,300}\.(?:safetensors|gguf|ckpt|pth|pt|bin|onnx|pth\.tar)\b"
)
LINE_LIMIT = 400  # characters of a line kept as its quote
_FETCH = re.compile(
    r"\b(?:wget|curl|git clone|git lfs|huggingface-cli|hf download|download|from_pretrained|snapshot_download|"
    r"hf_hub_download|load_state_dict_from_url|torch\.hub)\b|"
    # A command-line argument given a URL (`--network=https://host/model.pkl`): the tool fetches it.
    r"(?:^|\s)--?[A-Za-z][\w-]{0,40}[= ]\s{0,2}[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def classify(url: str) -> str | None:
    """'hf-model', 'hf-collection', 'modelscope' or 'checkpoint' for a URL that publishes weights."""
    rest = url.split("//", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower()
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip(".,;:*_")
    parts = [p for p in path.split("/") if p]
    if host in _HF_HOSTS:
        if not parts or parts[0].lower() in _HF_RESERVED:
            return None
        if parts[0] == "collections":
            return "hf-collection" if len(parts) >= 3 else None
        if len(parts) < 2 or _NOT_WEIGHTS.search(parts[1]):
            return None
        if len(parts) > 4 and parts[2] in ("resolve", "blob"):
            name = parts[-1]
            if _NOT_WEIGHTS.search(name) or not (
                _CHECKPOINT_SUFFIX.search(name) or _AMBIGUOUS_SUFFIX.search(name)
            ):
                return None
        return "hf-model"
    if host.endswith("modelscope.cn") or host.endswith("modelscope.ai"):
        return "modelscope" if len(parts) >= 3 and parts[0] == "models" else None
    if host == "api.ngc.nvidia.com" and "/models/" in "/" + path:
        return "checkpoint"
    if not parts or _NOT_WEIGHTS.search(path):
        return None
    if _CHECKPOINT_SUFFIX.search(path):
        return "checkpoint"
    if _AMBIGUOUS_SUFFIX.search(path) and _MODELISH.search(path):
        return "checkpoint"
    return None


def model_links(path: str, lines: Iterable[tuple[int, str]], pages: bool = True) -> list[Line]:
    """Lines that link published weights. `pages=False` (scripts): only direct checkpoint files
    and ModelScope, not model pages, which scripts name for base models and tokenizers too."""
    out: list[Line] = []
    fence = False
    prefixes: dict[str, str] = {}  # scripts: URL constants that checkpoint paths are joined to
    for n, text in lines:
        if not pages and "=" in text:
            const = _URL_CONSTANT.match(text)
            if const:
                prefixes[const.group(1)] = const.group(2)
            elif prefixes and _joined_checkpoint(text, prefixes):
                out.append(Line(path, n, text.strip()[:LINE_LIMIT]))
                if len(out) >= MAX_LINKS:
                    break
                continue
        if pages and text.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if "//" not in text or (fence and not _FETCH.search(text)):
            # In a code block of prose only a command that fetches counts (example output quoting a
            # model's URL publishes nothing).
            continue
        for m in _URL.finditer(text):
            kind = classify(m.group(0))
            if kind is None or (not pages and kind in ("hf-model", "hf-collection")):
                continue
            out.append(Line(path, n, text.strip()[:LINE_LIMIT]))
            break
        if len(out) >= MAX_LINKS:
            break
    return out


# `REMOTE = "https://host/"` then `REMOTE + "models/5b/prior.pth.tar"` (or an f-string): a
# checkpoint URL a script builds from a constant.
_URL_CONSTANT = re.compile(
    r"^\s{0,40}([A-Za-z_]\w{0,60})\s{0,4}=\s{0,4}[rbuRBU]?[\"'](https?://[^\"'\s]{1,300})[\"']\s{0,40}(?:#.{0,300})?$"
)
_JOINED = re.compile(
    r"\b([A-Za-z_]\w{0,60})\s{0,4}\+\s{0,4}[rbuRBU]?[\"']([^\"'\s]{1,300})[\"']|\{([A-Za-z_]\w{0,60})\}([^\"'\s{}]{1,300})[\"']"
)


def _joined_checkpoint(text: str, prefixes: dict[str, str]) -> bool:
    for m in _JOINED.finditer(text):
        name, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        prefix = prefixes.get(name)
        if prefix is not None and classify(prefix.rstrip("/") + "/" + rest.lstrip("/")) == "checkpoint":
            return True
    return False


def checkpoint_links(path: str, lines: Iterable[tuple[int, str]]) -> list[Line]:
    """Lines of code that name a checkpoint file by URL (a Hub `resolve/` file, a checkpoint on a
    web server), outside comments: the weights that code downloads."""
    out: list[Line] = []
    for n, text in lines:
        if "//" not in text or text.lstrip().startswith("#"):
            continue
        for m in _URL.finditer(text):
            url = m.group(0)
            kind = classify(url)
            if kind == "checkpoint" or (kind == "hf-model" and _HF_FILE.search(url)):
                out.append(Line(path, n, text.strip()[:LINE_LIMIT]))
                break
        if len(out) >= MAX_LINKS:
            break
    return out


# A checkpoint file named as a string in a script ('model.ckpt.index', "acme_final.pth").
_CHECKPOINT_LITERAL = re.compile(
    r"[\"'][\w./{}$-]{0,120}(?:model\.ckpt[\w.-]{0,40}|\.(?:safetensors|ckpt|pth|pt|gguf|onnx|msgpack))[\"']",
    re.IGNORECASE,
)
# A call that fetches a URL the script assembles ("https://host/acme/" + subdir + "/" + name).
_ASSEMBLED_FETCH = re.compile(
    r"(?:requests\.get|urlretrieve|urlopen|download_url|wget|curl)\W{1,4}[\"'](https?://[^\"'\s]{1,300})[\"']\s{0,4}"
    r"(?:\+|%|\.format|\$)|(?:requests\.get|urlretrieve|urlopen|download_url|wget|curl)\W{1,4}f[\"']https?://",
    re.IGNORECASE,
)


def assembled_checkpoint_urls(path: str, text: str) -> list[Line]:
    """A download script that fetches from a URL it assembles, and names checkpoint files among its
    strings (gpt-2's download_model.py: the host + model size + 'model.ckpt.index'): its fetch lines
    publish those weights. A script fetching only data or archives names no checkpoint."""
    if not _CHECKPOINT_LITERAL.search(text):
        return []
    out: list[Line] = []
    for n, line in enumerate(text.split("\n"), 1):
        if "//" in line and not line.lstrip().startswith("#") and _ASSEMBLED_FETCH.search(line):
            out.append(Line(path, n, line.strip()[:LINE_LIMIT]))
            if len(out) >= MAX_LINKS:
                break
    return out


def own_checkpoint_links(path: str, lines: Iterable[tuple[int, str]], package: str) -> list[Line]:
    """Lines of a package's own code that name a checkpoint file whose URL names the package
    (`whisper/__init__.py` with `.../whisper/models/tiny.pt`): the package downloads its own
    weights. A checkpoint of another project (a perceptual-loss VGG) names that project instead."""
    out: list[Line] = []
    want = package.lower()
    for line in checkpoint_links(path, lines):
        for m in _URL.finditer(line.text):
            url = m.group(0)
            segments = re.split(r"[/.]", url.split("//", 1)[-1].split("?", 1)[0].lower())
            if classify(url) == "checkpoint" and want in segments:
                out.append(line)
                break
    return out


def model_names(text: str) -> list[str]:
    """The models a line links, named as their host names them (`org/name` on the Hub and ModelScope,
    the file name of a checkpoint)."""
    out: list[str] = []
    for m in _URL.finditer(text):
        url = m.group(0)
        if m.end() >= LINE_LIMIT:
            continue  # cut short with the line's quote
        kind = classify(url)
        if kind is None:
            continue
        path = url.split("//", 1)[-1].partition("/")[2].split("?", 1)[0].split("#", 1)[0].rstrip(".,;:*_")
        parts = [p for p in path.split("/") if p]
        if kind == "hf-model" and _HF_FILE.search(url):
            name = "/".join(parts[:2]) + "/" + parts[-1]  # one file of a model page
        elif kind == "hf-model":
            name = "/".join(parts[:2])
        elif kind == "hf-collection":
            name = "/".join(parts[:3])
        elif kind == "modelscope":
            name = "/".join(parts[1:3])
        else:
            name = parts[-1] if parts else url
        if name and name not in out:
            out.append(name)
    return out
