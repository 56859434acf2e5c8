"""What a survey scans: the lines of a list file, or the models a Hub listing query returns,
both as a stream of `Item`s (a million-line list or listing is never held whole)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from openwash.errors import OpenwashError

_SHA = re.compile(r"^[0-9a-fA-F]{40}$")

# `--hub-models` keys and what `HfApi.list_models` calls them; `filter` may be given more than once.
HUB_QUERY_KEYS = {
    "author": "author",
    "search": "search",
    "filter": "filter",
    "pipeline_tag": "pipeline_tag",
    "sort": "sort",
    "limit": "limit",
    "gated": "gated",
}
HUB_SORTS = ("downloads", "likes", "last_modified", "created_at", "trending_score")


@dataclass(frozen=True)
class Item:
    """One repository to survey."""

    line: int  # its line in the list file, or its position in the listing
    target: str  # how the row names it: hf:ORG/NAME[@REV], gh:OWNER/REPO[@REF] or a folder
    revision: str | None = None  # the commit known before the scan: a pinned sha, or the listing's

    @property
    def scan(self) -> str:
        """What to scan: the listing's commit pinned, so that the row is of the revision listed."""
        if self.revision and self.target.startswith("hf:") and "@" not in self.target:
            return f"{self.target}@{self.revision}"
        return self.target


def item_for(line: int, target: str) -> Item:
    ref = target.rsplit("@", 1)[1] if target.startswith(("hf:", "gh:")) and "@" in target else ""
    return Item(line, target, ref.lower() if _SHA.match(ref) else None)


def iter_list(path: str) -> Iterator[Item]:
    """The listed repositories, line by line; blank lines and '#' comments skipped. The file is
    opened here, so that an unreadable one fails before the survey starts.

    A relative folder is read from the list file's folder (from the current one for stdin), so a
    list and the folders beside it survey the same from anywhere."""
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise OpenwashError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return _list_items(path, fh)


def _list_items(path: str, fh: TextIO) -> Iterator[Item]:
    base = os.path.dirname(path)
    try:
        for number, raw in enumerate(fh, 1):
            # A '#' starts a comment at the start of a line or after a space (a folder may contain '#').
            line = raw.strip()
            if line.startswith("#"):
                continue
            line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
            if line:
                remote = line.startswith(("hf:", "gh:"))
                yield item_for(number, line if path == "-" or remote else os.path.join(base, line))
    except UnicodeDecodeError as exc:
        raise OpenwashError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise OpenwashError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    finally:
        if fh is not sys.stdin:
            fh.close()


def parse_hub_query(text: str) -> dict[str, Any]:
    """`author=acme,search=llama,sort=downloads,limit=100` as `list_models` keyword arguments."""
    out: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            raise OpenwashError(f"--hub-models: {part!r} is not KEY=VALUE")
        if key not in HUB_QUERY_KEYS:
            raise OpenwashError(f"--hub-models: unknown key {key!r}; use {', '.join(HUB_QUERY_KEYS)}")
        if key == "filter":
            out.setdefault("filter", []).append(value)
        elif key == "limit":
            if not value.isdigit() or int(value) < 1:
                raise OpenwashError(f"--hub-models: limit={value} is not a positive number")
            out["limit"] = int(value)
        elif key == "sort":
            if value not in HUB_SORTS:
                raise OpenwashError(f"--hub-models: sort={value}; use one of {', '.join(HUB_SORTS)}")
            out["sort"] = value
        elif key == "gated":
            if value not in ("true", "false"):
                raise OpenwashError(f"--hub-models: gated={value}; use true or false")
            out["gated"] = value == "true"
        else:
            out[HUB_QUERY_KEYS[key]] = value
    if not out:
        raise OpenwashError("--hub-models: empty query; e.g. author=ORG,sort=downloads,limit=1000")
    return out


def hub_endpoint() -> str:
    from openwash.sources.huggingface import HF_DEFAULT_ENDPOINT

    return (os.environ.get("HF_ENDPOINT") or HF_DEFAULT_ENDPOINT).rstrip("/")


def iter_hub(query: dict[str, Any], first_line: int = 1) -> Iterator[Item]:
    """The models a Hub listing returns, page by page as they are consumed, each with the commit
    its main branch points at (so that `--resume` can tell a repository that moved)."""
    import httpx2
    from huggingface_hub import HfApi
    from huggingface_hub import errors as hfe

    from openwash import __version__

    endpoint = hub_endpoint()
    api = HfApi(endpoint=endpoint, library_name="openwash", library_version=__version__)
    models = api.list_models(**query, expand=["sha"])
    n = first_line
    try:
        for model in models:
            yield Item(n, f"hf:{model.id}", model.sha)
            n += 1
    except hfe.HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise OpenwashError(f"--hub-models: the Hub at {endpoint} answered {status} to the listing") from exc
    except (httpx2.HTTPError, OSError) as exc:
        raise OpenwashError(f"--hub-models: cannot reach the Hub at {endpoint} ({exc})") from exc
