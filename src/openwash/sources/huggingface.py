"""The Hugging Face Hub as a remote source: `hf:ORG/NAME[@REVISION]` (sources/remote.py has what
every host shares). A model's listing and evidence files at the resolved commit, the Hub's gated
flag, and the supply chain a local scan can only name (the base model's NOTICE, the datasets'
own licences). `huggingface_hub` is imported inside the functions that need it."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from openwash import __version__
from openwash.errors import OpenwashError
from openwash.evidence.files import FileEntry
from openwash.evidence.textfile import MAX_TEXT_BYTES, decode_text
from openwash.sources.cache import Snapshot
from openwash.sources.remote import (
    TIMEOUT,
    Fetcher,
    RemoteSource,
    Target,
    clip,
    is_evidence,
    network_reason,
    open_with,
    parse_target,
    retry_hint,
    skipped,
    too_large,
)

if TYPE_CHECKING:
    from huggingface_hub.hf_api import ModelInfo

HF_DEFAULT_ENDPOINT = "https://huggingface.co"


def open_source(text: str, *, offline: bool = False) -> RemoteSource:
    return open_with(Hub(parse_target(text)), offline)


MAX_DATASET_CARDS = 10  # datasets whose own card a remote scan reads


def _front_matter(card: bytes) -> dict[str, Any]:
    """The card's front matter, parsed as a scan would, or {} when it has none or is broken."""
    from openwash.evidence.card import parse_card

    try:
        return dict(parse_card("README.md", decode_text(card, "README.md")).front)
    except OpenwashError:
        return {}  # the scan itself reports a broken card


def _card_licence(card_data: Any) -> str | None:
    """The `license` a Hub card states (the first of a list), or None."""
    value = card_data.get("license") if card_data is not None else None
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _first_id(value: Any) -> str | None:
    """A Hub repository id from a `base_model` value (a string or a list of them)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and re.fullmatch(r"[\w.-]+/[\w.-]+", value.strip()):
        return value.strip()
    return None


class Hub(Fetcher):
    kind = "hf"

    def __init__(self, target: Target) -> None:
        self.endpoint = (os.environ.get("HF_ENDPOINT") or HF_DEFAULT_ENDPOINT).rstrip("/")
        super().__init__(target, urlsplit(self.endpoint).netloc or self.endpoint)

    def forced_offline(self) -> bool:
        # The ecosystem's own switch: huggingface_hub refuses every request when it is set.
        return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE")

    def resolve(self, ref: str | None) -> tuple[str, Any]:
        from openwash.sources.bounded_http import install_hub_bounds

        _quiet_hub()
        install_hub_bounds()
        from huggingface_hub import HfApi

        api = HfApi(endpoint=self.endpoint, library_name="openwash", library_version=__version__)
        with self._errors():
            info = _retry_once(
                lambda: api.model_info(self.target.repo, revision=ref, files_metadata=True, timeout=TIMEOUT)
            )
        if not info.sha:
            raise OpenwashError(f"{self.target.text}: the Hub did not say which commit it serves")
        return info.sha, info

    def download(self, sha: str, meta: Any) -> Snapshot:
        info: ModelInfo = meta
        files = [f for f in self._listing(info, sha) if not skipped(f.path)]
        gated = info.gated if info.gated in ("auto", "manual") else None
        snap = Snapshot(
            "hf",
            self.target.repo,
            sha,
            f"{self.endpoint}/{self.target.repo}/blob/{sha}",
            files,
            gated=gated,
        )
        for entry in files:
            if not is_evidence(entry.path):
                continue
            size = entry.lfs_size if entry.lfs_size is not None else entry.size
            if size > MAX_TEXT_BYTES:
                snap.errors[entry.path] = too_large(entry.path, size)
                continue
            data = self._file(sha, entry.path)
            if data is None:  # the listing understated it: the download stopped at the limit
                snap.errors[entry.path] = (
                    f"{entry.path}: too large for a licence or card (limit {MAX_TEXT_BYTES:,} bytes)"
                )
            else:
                snap.contents[entry.path] = data
        snap.upstream = self._upstream(snap)
        return snap

    def _upstream(self, snap: Snapshot) -> dict[str, Any]:
        """The base model's files (does it carry a NOTICE?) and the datasets' own licences, from
        the Hub: the supply chain a local scan can only name. A lookup that fails leaves the fact
        unknown; it never stops the scan."""
        from huggingface_hub import HfApi

        card = snap.contents.get("README.md")
        front = _front_matter(card) if card is not None else {}
        api = HfApi(endpoint=self.endpoint, library_name="openwash", library_version=__version__)
        out: dict[str, Any] = {"base": None, "datasets": {}}
        base = _first_id(front.get("base_model"))
        if base is not None:
            try:
                info = api.model_info(base, timeout=TIMEOUT)
                names = [s.rfilename for s in info.siblings or []]
                out["base"] = {
                    "id": base,
                    "notice": any(n.rsplit("/", 1)[-1].upper().startswith("NOTICE") for n in names),
                    "license": _card_licence(info.card_data),
                }
            except Exception:  # an unknown base is a fact left unknown, not an error
                out["base"] = {"id": base, "notice": None, "license": None}
        datasets = front.get("datasets")
        for ds in (datasets if isinstance(datasets, list) else [datasets])[:MAX_DATASET_CARDS]:
            if not isinstance(ds, str) or not ds.strip():
                continue
            try:
                dinfo = api.dataset_info(ds.strip(), timeout=TIMEOUT)
                out["datasets"][ds.strip()] = _card_licence(dinfo.card_data)
            except Exception:  # as above
                out["datasets"][ds.strip()] = None
        return out

    def _listing(self, info: ModelInfo, sha: str) -> list[FileEntry]:
        siblings = info.siblings
        if siblings is None or any(s.size is None for s in siblings):
            return self._tree(sha)  # an answer without file metadata: list the tree instead
        entries = []
        for s in siblings:
            # Like a clone without `git lfs pull`: the size git stores, and the size the pointer announces.
            if s.lfs is not None:
                entries.append(FileEntry(s.rfilename, int(s.lfs.pointer_size), int(s.lfs.size)))
            else:
                entries.append(FileEntry(s.rfilename, int(s.size or 0)))
        return sorted(entries, key=lambda f: f.path)

    def _tree(self, sha: str) -> list[FileEntry]:
        """The recursive tree listing, every page (the Hub pages it by cursor, `Link: rel="next"`)."""
        from huggingface_hub import get_session, hf_raise_for_status

        url: str | None = f"{self.endpoint}/api/models/{self.target.repo}/tree/{sha}?recursive=true"
        entries: list[FileEntry] = []
        headers = _hf_headers()
        while url:
            with self._errors():
                r = _retry_once(partial(get_session().get, url, headers=headers, timeout=TIMEOUT))
                hf_raise_for_status(r)
            for item in r.json():
                if item.get("type") != "file":
                    continue
                lfs = item.get("lfs")
                if lfs:
                    entries.append(
                        FileEntry(item["path"], int(lfs.get("pointerSize") or 0), int(lfs["size"]))
                    )
                else:
                    entries.append(FileEntry(item["path"], int(item.get("size") or 0)))
            url = r.links.get("next", {}).get("url")
        return sorted(entries, key=lambda f: f.path)

    def _file(self, sha: str, path: str) -> bytes | None:
        """The bytes of one evidence file at `sha` via its resolve URL; None if over the size limit."""
        from huggingface_hub import get_session, hf_hub_url, hf_raise_for_status

        url = hf_hub_url(self.target.repo, path, revision=sha, endpoint=self.endpoint)
        headers = _hf_headers()

        def get() -> bytes | None:
            # Streamed, so an oversized file is cut off at the limit rather than read whole.
            with get_session().stream(
                "GET", url, headers=headers, timeout=TIMEOUT, follow_redirects=True
            ) as r:
                if r.status_code >= 400:
                    r.read()
                    hf_raise_for_status(r)
                data = bytearray()
                for chunk in r.iter_bytes():
                    data += chunk
                    if len(data) > MAX_TEXT_BYTES:
                        return None
                return bytes(data)

        with self._errors(path):
            data: bytes | None = _retry_once(get)
        return data

    @contextmanager
    def _errors(self, path: str | None = None) -> Iterator[None]:
        """huggingface_hub's and httpx's failures as one line that says what to do."""
        import httpx2
        from huggingface_hub import errors as hfe

        t = self.target
        page = f"{self.endpoint}/{t.repo}"
        try:
            yield
        except hfe.GatedRepoError as exc:
            if exc.response.status_code == 401 or not _hf_token():
                raise OpenwashError(
                    f"{t.text}: gated repository (401): accept its terms on {page} while logged in, "
                    "then set HF_TOKEN to an access token of that account"
                ) from exc
            raise OpenwashError(
                f"{t.text}: gated repository, and the account of HF_TOKEN has no access yet (403): "
                f"accept its terms on {page} (approval can take a while) and try again"
            ) from exc
        except hfe.RevisionNotFoundError as exc:
            raise OpenwashError(f"{t.text}: no revision {t.ref!r} in {t.repo} (404)") from exc
        except hfe.DisabledRepoError as exc:
            raise OpenwashError(f"{t.text}: the repository is disabled on the Hub") from exc
        except hfe.RepositoryNotFoundError as exc:
            raise OpenwashError(_hf_not_found(t, exc.response.status_code)) from exc
        except hfe.RemoteEntryNotFoundError as exc:
            raise OpenwashError(f"{t.text}: {path} is listed but the Hub cannot find it (404)") from exc
        except hfe.HfHubHTTPError as exc:
            raise OpenwashError(_hf_http_error(t, exc.response, self.endpoint)) from exc
        except hfe.OfflineModeIsEnabled as exc:
            raise OpenwashError(
                f"{t.text}: HF_HUB_OFFLINE is set; scan a cached revision with --offline"
            ) from exc
        except httpx2.TimeoutException as exc:
            raise OpenwashError(
                f"{t.text}: the Hugging Face Hub at {self.endpoint} did not answer in {TIMEOUT:.0f} s"
            ) from exc
        except (httpx2.HTTPError, OSError) as exc:
            raise OpenwashError(
                f"{t.text}: cannot reach the Hugging Face Hub at {self.endpoint} ({network_reason(exc)}); "
                "check the network or HF_ENDPOINT, or scan a cached revision with --offline"
            ) from exc


def _quiet_hub() -> None:
    """No telemetry from huggingface_hub in our process: with it on, the library also asks the
    endpoint for its registry of AI agents (once a day) to decorate its User-Agent, and a remote
    scan is meant to download the evidence and nothing else."""
    from huggingface_hub import constants

    constants.HF_HUB_DISABLE_TELEMETRY = True


def _hf_headers() -> dict[str, str]:
    """User agent and `Authorization` from HF_TOKEN or the saved login, as huggingface_hub sends them."""
    # Public API (documented under huggingface_hub.utils) that the package re-exports lazily.
    from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

    headers: dict[str, str] = build_hf_headers(library_name="openwash", library_version=__version__)
    return headers


def _hf_token() -> str | None:
    from huggingface_hub import get_token

    return get_token()


def _hf_not_found(t: Target, status: int) -> str:
    hint = (
        "if it is private, set HF_TOKEN to a token that can read it"
        if not _hf_token()
        else "if it is private, the account of HF_TOKEN cannot see it"
    )
    return f"{t.text}: no such model repository on the Hub ({status}): check the name; {hint}"


def _hf_http_error(t: Target, response: Any, endpoint: str) -> str:
    status = int(response.status_code)
    message = response.headers.get("X-Error-Message") or ""
    if status == 429:
        return f"{t.text}: rate limited by the Hugging Face Hub (429); {retry_hint(response.headers)}"
    if status == 401:
        if "credentials" in message.lower():
            return f"{t.text}: the Hub rejected HF_TOKEN (401 {message.rstrip('.')}); create a new token"
        return _hf_not_found(t, status)
    detail = f": {clip(message)}" if message else ""
    if status == 403:
        return f"{t.text}: the Hub refused access (403{detail})"
    return f"{t.text}: the Hugging Face Hub at {endpoint} answered {status}{detail}"


def _retry_once(call: Any) -> Any:
    """One more try after a 5xx or a dropped connection; a 429 is reported, not waited out."""
    import httpx2
    from huggingface_hub import errors as hfe

    try:
        return call()
    except hfe.HfHubHTTPError as exc:
        if exc.response.status_code < 500:
            raise
    except (httpx2.ReadTimeout, httpx2.RemoteProtocolError, httpx2.ReadError):
        pass
    time.sleep(1.0)
    return call()
