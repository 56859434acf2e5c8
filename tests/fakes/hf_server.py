"""A loopback fake of the Hugging Face Hub: real HTTP on 127.0.0.1, the JSON shapes and headers
huggingface_hub reads.

Endpoints (as huggingface_hub 1.x/2.x calls them):
- `GET /api/models` (`HfApi.list_models`): author, search, filter, sort (most first), limit and
  expand, paged by cursor with `Link: rel="next"`; `fakes.hub_population` fills it with 10,000+
  generated repositories.
- `GET /api/models/{repo_id}` and `/api/models/{repo_id}/revision/{rev}` (`HfApi.model_info`):
  `id`, `sha`, `gated` (False / "auto" / "manual"), `private`, `cardData` (the README's front
  matter), `siblings` with `rfilename`, and with `?blobs=true` also `blobId`, `size` and
  `lfs {sha256, size, pointerSize}`.
- `GET /api/models/{repo_id}/tree/{rev}[/{path}]?recursive=true` (`HfApi.list_repo_tree`): entries
  `{type, oid, size, path, lfs {oid, size, pointerSize}}`, paged by cursor with `Link: rel="next"`.
- `HEAD`/`GET /{repo_id}/resolve/{rev}/{path}` (`hf_hub_download`, `get_hf_file_metadata`):
  `ETag`, `X-Repo-Commit`, `Content-Length`; an LFS file answers 302 to `/cdn-lfs/...` with
  `X-Linked-Etag` and `X-Linked-Size`, as the Hub redirects to its CDN.
- Errors as the Hub sends them, with `X-Error-Code` / `X-Error-Message`: RepoNotFound (401 for an
  anonymous caller, 404 otherwise), RevisionNotFound, EntryNotFound, GatedRepo (401 without a
  token, 403 for a token not granted access), 401 for an unknown token, and injected failures
  (e.g. 429 with Retry-After).

Weights are stored as sizes only; every request is logged with the bytes sent, so a test can
assert that no weight was ever fetched and count requests and bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import yaml

from fakes.loopback import LoopbackServer

PUBLIC_ON_GATED = ("README.md", ".gitattributes")  # the Hub shows a gated model's card to anyone
_CDN_CHUNK_LIMIT = 64 * 1024  # a weight is never really served, even by mistake: a stub of this size


def git_blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Lfs:
    """A file stored in Git LFS: its size and hash, and for small text files (card, licence) its bytes."""

    size: int
    sha256: str
    data: bytes | None = None

    def pointer(self) -> bytes:
        return f"version https://git-lfs.github.com/spec/v1\noid sha256:{self.sha256}\nsize {self.size}\n".encode()


@dataclass
class Commit:
    sha: str
    files: dict[str, bytes | Lfs]


@dataclass
class HubRepo:
    repo_id: str
    commits: dict[str, Commit] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # branch or tag -> commit sha
    gated: bool | str = False
    private: bool = False
    granted: set[str] = field(default_factory=set)  # tokens whose accounts were given access
    downloads: int = 0  # what the listing sorts by (`sort=downloads`)
    likes: int = 0

    def commit(self, rev: str) -> Commit | None:
        sha = self.refs.get(rev, rev)
        return self.commits.get(sha)


@dataclass
class Request:
    method: str
    path: str
    query: str
    status: int
    token: str | None
    sent: int = 0  # bytes of the response, headers included
    started: float = 0.0  # time.monotonic() when the request arrived


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    headers: dict[str, str]
    message: str


class FakeHub(LoopbackServer):
    """The server and its state. Use as a context manager, or start()/stop()."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.repos: dict[str, HubRepo] = {}
        self.datasets: dict[str, dict[str, Any]] = {}  # dataset id -> its card's front matter
        self.tokens: set[str] = set()
        self.log: list[Request] = []
        self.failures: list[Failure] = []
        self.tree_page_size = 1000  # the Hub's page size for the tree listing
        self.list_page_size = 1000  # the Hub's page size for `GET /api/models`
        self._listing: tuple[tuple[str, int], list[HubRepo]] | None = None  # sorted repos, kept
        self.files_metadata = True  # False: `?blobs=true` is ignored (forces the tree listing)
        self.latency = 0.0  # seconds each answer waits, like a network round trip
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests served at once: evidence of concurrent clients
        self._n = 0
        super().__init__(_handler(self))

    @property
    def cdn_url(self) -> str:
        return f"http://localhost:{self.server.server_address[1]}"

    # -- set-up -------------------------------------------------------------------------------------

    def add_repo(
        self,
        repo_id: str,
        files: dict[str, str | bytes | int],
        *,
        gated: bool | str = False,
        private: bool = False,
        branch: str = "main",
        lfs: tuple[str, ...] = (),
    ) -> HubRepo:
        """A repository with one commit on `branch`. An int value is an LFS file of that many bytes
        (weights: never stored); paths in `lfs` are text files stored in LFS."""
        repo = HubRepo(repo_id, gated=gated, private=private)
        self.repos[repo_id] = repo
        self.add_commit(repo, files, branch=branch, lfs=lfs)
        return repo

    def add_commit(
        self,
        repo: HubRepo,
        files: dict[str, str | bytes | int],
        *,
        branch: str = "main",
        lfs: tuple[str, ...] = (),
    ) -> str:
        stored: dict[str, bytes | Lfs] = {}
        for path, value in files.items():
            if isinstance(value, int):
                stored[path] = Lfs(
                    value, hashlib.sha256(f"{repo.repo_id}/{path}/{value}".encode()).hexdigest()
                )
                continue
            data = value.encode("utf-8") if isinstance(value, str) else value
            stored[path] = Lfs(len(data), hashlib.sha256(data).hexdigest(), data) if path in lfs else data
        with self.lock:
            self._n += 1
            sha = hashlib.sha1(f"{repo.repo_id}#{self._n}".encode()).hexdigest()
        repo.commits[sha] = Commit(sha, stored)
        repo.refs[branch] = sha
        return sha

    def add_dataset(self, dataset_id: str, card: dict[str, Any]) -> None:
        """A dataset repository whose card states `card` (e.g. {"license": "cc-by-nc-4.0"})."""
        with self.lock:
            self.datasets[dataset_id] = card

    def add_token(self, token: str) -> None:
        self.tokens.add(token)

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str = "",
    ) -> None:
        """The next `times` matching requests answer `status` (e.g. 429 with Retry-After)."""
        self.failures.append(Failure(method, re.compile(path_regex), status, times, headers or {}, message))

    def listing(self, sort: str) -> list[HubRepo]:
        """Every repository in the order `sort` lists them (most first), computed once per state."""
        with self.lock:
            key = (sort, len(self.repos))
            if self._listing is None or self._listing[0] != key:
                field_of = {"downloads": "downloads", "likes": "likes"}.get(sort)
                repos = sorted(self.repos.values(), key=lambda r: r.repo_id)
                if field_of:
                    repos.sort(key=lambda r: getattr(r, field_of), reverse=True)
                self._listing = (key, repos)
            return self._listing[1]

    def list_entry(self, repo: HubRepo, expand: list[str]) -> dict[str, Any]:
        """One model of the listing: the Hub's default fields, or `_id`, `id` and what `expand` asks."""
        commit = repo.commit("main")
        full = {
            "_id": hashlib.md5(repo.repo_id.encode()).hexdigest()[:24],
            "id": repo.repo_id,
            "modelId": repo.repo_id,
            "author": repo.repo_id.split("/")[0],
            "likes": repo.likes,
            "downloads": repo.downloads,
            "private": repo.private,
            "gated": repo.gated,
            "sha": commit.sha if commit else None,
            "createdAt": "2024-06-01T00:00:00.000Z",
            "lastModified": "2025-01-01T00:00:00.000Z",
            "tags": [],
        }
        if not expand:
            return {
                k: full[k]
                for k in ("_id", "id", "likes", "downloads", "private", "tags", "createdAt", "modelId")
            }
        return {"_id": full["_id"], "id": full["id"]} | {k: full[k] for k in expand if k in full}

    # -- assertions ---------------------------------------------------------------------------------

    def requests(self, path_regex: str | None = None) -> list[Request]:
        with self.lock:
            return [r for r in self.log if path_regex is None or re.search(path_regex, r.path)]

    def bytes_sent(self) -> int:
        with self.lock:
            return sum(r.sent for r in self.log)

    def reset_log(self) -> None:
        with self.lock:
            self.log.clear()

    # -- JSON shapes --------------------------------------------------------------------------------

    def model_json(self, repo: HubRepo, commit: Commit, blobs: bool) -> dict[str, Any]:
        siblings = []
        for path in sorted(commit.files):
            entry: dict[str, Any] = {"rfilename": path}
            if blobs and self.files_metadata:
                value = commit.files[path]
                if isinstance(value, Lfs):
                    pointer = value.pointer()
                    entry |= {
                        "blobId": git_blob_sha(pointer),
                        "size": value.size,
                        "lfs": {"sha256": value.sha256, "size": value.size, "pointerSize": len(pointer)},
                    }
                else:
                    entry |= {"blobId": git_blob_sha(value), "size": len(value)}
            siblings.append(entry)
        author = repo.repo_id.split("/")[0] if "/" in repo.repo_id else None
        card = _front_matter(commit.files.get("README.md"))
        used = sum(v.size if isinstance(v, Lfs) else len(v) for v in commit.files.values())
        return {
            "_id": hashlib.md5(repo.repo_id.encode()).hexdigest()[:24],
            "id": repo.repo_id,
            "modelId": repo.repo_id,
            "author": author,
            "sha": commit.sha,
            "lastModified": "2025-01-01T00:00:00.000Z",
            "createdAt": "2024-06-01T00:00:00.000Z",
            "private": repo.private,
            "disabled": False,
            "gated": repo.gated,
            "downloads": repo.downloads,
            "likes": repo.likes,
            "library_name": card.get("library_name") if card else None,
            "tags": list(card.get("tags") or []) if card else [],
            "pipeline_tag": card.get("pipeline_tag") if card else None,
            "cardData": card,
            "siblings": siblings,
            "spaces": [],
            "usedStorage": used,
        }

    def tree_entries(self, commit: Commit, prefix: str, recursive: bool) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        folders: set[str] = set()
        for path in sorted(commit.files):
            if prefix and not path.startswith(prefix + "/"):
                continue
            rest = path[len(prefix) + 1 :] if prefix else path
            parts = rest.split("/")
            base = prefix + "/" if prefix else ""
            for i in range(1, len(parts)):
                folder = base + "/".join(parts[:i])
                if folder not in folders and (recursive or i == 1):
                    folders.add(folder)
                    out.append(
                        {
                            "type": "directory",
                            "oid": hashlib.sha1(folder.encode()).hexdigest(),
                            "size": 0,
                            "path": folder,
                        }
                    )
            if not recursive and len(parts) > 1:
                continue
            value = commit.files[path]
            if isinstance(value, Lfs):
                pointer = value.pointer()
                out.append(
                    {
                        "type": "file",
                        "oid": git_blob_sha(pointer),
                        "size": value.size,
                        "lfs": {"oid": value.sha256, "size": value.size, "pointerSize": len(pointer)},
                        "path": path,
                    }
                )
            else:
                out.append({"type": "file", "oid": git_blob_sha(value), "size": len(value), "path": path})
        return sorted(out, key=lambda e: str(e["path"]))


def _front_matter(value: bytes | Lfs | None) -> dict[str, Any] | None:
    data = value.data if isinstance(value, Lfs) else value
    if not data:
        return None
    m = re.match(rb"---\s*\n(.*?)\n---\s*\n", data, re.S)
    if not m:
        return None
    try:
        front = yaml.safe_load(m.group(1).decode("utf-8"))
    except yaml.YAMLError:
        return None
    return front if isinstance(front, dict) else None


Answer = tuple[int, dict[str, str], bytes]


def _error(status: int, code: str | None, message: str) -> Answer:
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Error-Message": message}
    if code:
        headers["X-Error-Code"] = code
    return status, headers, json.dumps({"error": message}).encode()


def _json(payload: Any, headers: dict[str, str] | None = None) -> Answer:
    return (
        200,
        {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        json.dumps(payload).encode(),
    )


def _handler(fake: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._handle("GET")

        def do_HEAD(self) -> None:
            self._handle("HEAD")

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            auth = self.headers.get("Authorization", "")
            token = auth.split(" ", 1)[1] if auth.lower().startswith("bearer ") else None
            started = time.monotonic()
            with fake.lock:
                fake.in_flight += 1
                fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
            try:
                if fake.latency:
                    time.sleep(fake.latency)
                with fake.lock:
                    status, headers, body = self._route(method, parts.path, parts.query, token)
            finally:
                with fake.lock:
                    fake.in_flight -= 1
            # The whole answer is built first and logged before it is sent: a client that has its
            # answer finds the request in the log already.
            raw, self.wfile = self.wfile, io.BytesIO()  # type: ignore[assignment]
            self.send_response(status)
            for key, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(key, value)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)
            data = self.wfile.getvalue()  # type: ignore[attr-defined]
            self.wfile = raw
            with fake.lock:
                fake.log.append(Request(method, parts.path, parts.query, status, token, len(data), started))
            self.wfile.write(data)
            self.wfile.flush()

        def _route(self, method: str, path: str, query: str, token: str | None) -> Answer:
            for failure in fake.failures:
                if failure.times > 0 and failure.method == method and failure.pattern.search(path):
                    failure.times -= 1
                    status, headers, body = _error(
                        failure.status, None, failure.message or "Injected failure"
                    )
                    return status, headers | failure.headers, body
            if token is not None and token not in fake.tokens:
                return _error(401, None, "Invalid credentials in Authorization header")
            q = parse_qs(query)
            if path == "/api/models" and method == "GET":
                return self._list_models(q, token)
            m = re.fullmatch(r"/api/models/(.+?)/tree/([^/]+)(?:/(.*))?", path)
            if m and method == "GET":
                return self._tree(m.group(1), unquote(m.group(2)), unquote(m.group(3) or ""), q, token)
            m = re.fullmatch(r"/api/models/(.+?)(?:/revision/([^/]+))?", path)
            if m and method == "GET":
                return self._model(m.group(1), unquote(m.group(2) or "main"), q, token)
            m = re.fullmatch(r"/api/datasets/(.+?)(?:/revision/([^/]+))?", path)
            if m and method == "GET":
                card = fake.datasets.get(m.group(1))
                if card is None:
                    return _error(404, "RepoNotFound", "Repository not found")
                sha = hashlib.sha1(m.group(1).encode()).hexdigest()
                # The shape of GET /api/datasets/{id}: metadata with the card's front matter.
                return _json(
                    {
                        "_id": sha[:24],
                        "id": m.group(1),
                        "sha": sha,
                        "private": False,
                        "gated": False,
                        "disabled": False,
                        "downloads": 0,
                        "likes": 0,
                        "tags": [],
                        "cardData": card,
                        "siblings": [],
                        "lastModified": "2025-01-01T00:00:00.000Z",
                    }
                )
            m = re.fullmatch(r"/(.+?)/resolve/([^/]+)/(.+)", path)
            if m:
                return self._resolve(m.group(1), unquote(m.group(2)), unquote(m.group(3)), token)
            m = re.fullmatch(r"/cdn-lfs/(.+)/([0-9a-f]{64})", path)
            if m:
                return self._cdn(m.group(1), m.group(2))
            return _error(404, None, "Not Found")

        def _repo(self, repo_id: str, token: str | None) -> HubRepo | Answer:
            repo = fake.repos.get(repo_id)
            if repo is None or (repo.private and token not in repo.granted):
                # The Hub does not tell a private repository from a missing one; anonymous callers get 401.
                return _error(401 if token is None else 404, "RepoNotFound", "Repository not found")
            return repo

        def _commit(self, repo: HubRepo, rev: str) -> Commit | Answer:
            commit = repo.commit(rev)
            if commit is None:
                return _error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return commit

        def _model(self, repo_id: str, rev: str, q: dict[str, list[str]], token: str | None) -> Answer:
            repo = self._repo(repo_id, token)
            if not isinstance(repo, HubRepo):
                return repo
            commit = self._commit(repo, rev)
            if not isinstance(commit, Commit):
                return commit
            blobs = q.get("blobs", ["false"])[0].lower() in ("1", "true")
            # A gated repository's metadata and file list are public; only its files are gated.
            return _json(fake.model_json(repo, commit, blobs))

        def _list_models(self, q: dict[str, list[str]], token: str | None) -> Answer:
            """`GET /api/models` as `HfApi.list_models` calls it: author, search, filter, sort
            (descending), limit, expand; paged by cursor with `Link: rel="next"`."""
            repos = fake.listing(q.get("sort", ["id"])[0])
            author = q.get("author", [None])[0]
            search = (q.get("search", [""])[0] or "").lower()
            tags = set(q.get("filter", []))
            limit = int(q["limit"][0]) if "limit" in q else None
            # The cursor holds the position in the sorted listing and how many were served before.
            cursor = base64.urlsafe_b64decode(q["cursor"][0]).decode() if "cursor" in q else "0:0"
            start, served = (int(x) for x in cursor.split(":"))
            expand = q.get("expand", []) + q.get("expand[]", [])
            page: list[dict[str, Any]] = []
            i = start
            # Matching repositories from `start` on; the cursor is a position in the sorted listing.
            while i < len(repos) and len(page) < fake.list_page_size:
                repo = repos[i]
                i += 1
                if repo.private and token not in repo.granted:
                    continue
                if author and repo.repo_id.split("/")[0] != author:
                    continue
                if search and search not in repo.repo_id.lower():
                    continue
                if tags and not tags <= set(fake.model_json(repo, repo.commit("main"), False)["tags"]):
                    continue
                page.append(fake.list_entry(repo, expand))
            served += len(page)
            if limit is not None and served >= limit:
                page = page[: max(0, len(page) - (served - limit))]
            headers = {}
            if i < len(repos) and (limit is None or served < limit):
                keep = [(k, v) for k, vs in q.items() if k != "cursor" for v in vs]
                nxt = base64.urlsafe_b64encode(f"{i}:{served}".encode()).decode()
                query = urlencode([*keep, ("cursor", nxt)])
                headers["Link"] = f'<{fake.url}/api/models?{query}>; rel="next"'
            return _json(page, headers)

        def _tree(
            self, repo_id: str, rev: str, prefix: str, q: dict[str, list[str]], token: str | None
        ) -> Answer:
            repo = self._repo(repo_id, token)
            if not isinstance(repo, HubRepo):
                return repo
            commit = self._commit(repo, rev)
            if not isinstance(commit, Commit):
                return commit
            recursive = q.get("recursive", ["false"])[0].lower() in ("1", "true")
            entries = fake.tree_entries(commit, prefix.strip("/"), recursive)
            start = int(base64.urlsafe_b64decode(q["cursor"][0]).decode()) if "cursor" in q else 0
            page = entries[start : start + fake.tree_page_size]
            headers = {}
            nxt = start + fake.tree_page_size
            if nxt < len(entries):
                cursor = base64.urlsafe_b64encode(str(nxt).encode()).decode()
                rev_q = quote(rev, safe="")
                sub = f"/{quote(prefix)}" if prefix else ""
                link = f"{fake.url}/api/models/{repo_id}/tree/{rev_q}{sub}?recursive={str(recursive).lower()}&expand=false&cursor={cursor}"
                headers["Link"] = f'<{link}>; rel="next"'
            return _json(page, headers)

        def _resolve(self, repo_id: str, rev: str, path: str, token: str | None) -> Answer:
            repo = self._repo(repo_id, token)
            if not isinstance(repo, HubRepo):
                return repo
            commit = self._commit(repo, rev)
            if not isinstance(commit, Commit):
                return commit
            if repo.gated and path not in PUBLIC_ON_GATED and token not in repo.granted:
                if token is None:
                    return _error(
                        401,
                        "GatedRepo",
                        f"Access to model {repo_id} is restricted. You must have access to it and be "
                        "authenticated to access it. Please log in.",
                    )
                return _error(
                    403,
                    "GatedRepo",
                    f"Access to model {repo_id} is restricted and you are not in the authorized list. "
                    f"Visit https://huggingface.co/{repo_id} to ask for access.",
                )
            value = commit.files.get(path)
            if value is None:
                return _error(404, "EntryNotFound", "Entry not found")
            common = {"X-Repo-Commit": commit.sha, "Accept-Ranges": "bytes", "Vary": "Origin, Accept"}
            if isinstance(value, Lfs):
                # The Hub's CDN is another host: `localhost` names this same server so that clients see one.
                name = quote(path.rsplit("/", 1)[-1])
                location = f"{fake.cdn_url}/cdn-lfs/{repo_id}/{value.sha256}?filename={name}"
                return (
                    302,
                    common
                    | {
                        "Location": location,
                        "ETag": f'"{git_blob_sha(value.pointer())}"',
                        "X-Linked-Etag": f'"{value.sha256}"',
                        "X-Linked-Size": str(value.size),
                    },
                    b"",
                )
            return (
                200,
                common
                | {
                    "Content-Type": "text/plain; charset=utf-8",
                    "ETag": f'"{git_blob_sha(value)}"',
                    "Content-Disposition": f'inline; filename="{path.rsplit("/", 1)[-1]}"',
                },
                value,
            )

        def _cdn(self, repo_id: str, sha256: str) -> Answer:
            repo = fake.repos.get(repo_id)
            for commit in repo.commits.values() if repo else ():
                for value in commit.files.values():
                    if isinstance(value, Lfs) and value.sha256 == sha256:
                        data = (
                            value.data
                            if value.data is not None
                            else b"\0" * min(value.size, _CDN_CHUNK_LIMIT)
                        )
                        return 200, {"Content-Type": "application/octet-stream", "ETag": f'"{sha256}"'}, data
            return _error(404, None, "Not Found")

    return Handler


@contextmanager
def running() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        yield fake
