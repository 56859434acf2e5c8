"""A loopback fake of the GitHub REST API: real HTTP on 127.0.0.1, real JSON shapes.

Serves the endpoints openwash's action uses, with GitHub's pagination (`Link` headers with
absolute URLs of its own address, which PyGithub insists on), rate-limit headers, and switches
for what a test needs: a read-only token (403 "Resource not accessible by integration" on
writes), injected failures (one 502 then success), 401 for unknown tokens, 404 for unknown
repositories. Every request is logged so tests can count calls. Point PyGithub at it with
GITHUB_API_URL only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from fakes.loopback import LoopbackServer

INTEGRATION_403 = "Resource not accessible by integration"
DOCS = "https://docs.github.com/rest"
BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


def git_blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: str
    status: int
    token: str | None
    body: Any = None


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    body: dict[str, Any]
    headers: dict[str, str]
    after: bool = False  # apply the request first, then answer with the failure (a lost answer)


@dataclass
class Repo:
    owner: str
    name: str
    id: int
    default_branch: str = "main"
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # casefolded name -> label
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    issue_labels: dict[int, list[str]] = field(default_factory=dict)  # number -> label names
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # number -> comments
    releases: list[dict[str, Any]] = field(default_factory=list)  # newest first, like the API
    trees: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # commit sha -> entries
    blobs: dict[str, bytes] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


class FakeGitHub(LoopbackServer):
    """The server and its state. Use as a context manager, or start()/stop()."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.repos: dict[str, Repo] = {}
        # token -> user dict (a personal token) or None (an installation token: posts as the bot)
        self.tokens: dict[str, dict[str, Any] | None] = {}
        self.read_only = False
        self.failures: list[Failure] = []
        self.log: list[Request] = []
        self.rate_remaining = 5000
        self._ids = 1000
        super().__init__(_handler(self))

    # -- state set-up for tests -----------------------------------------------------------------

    def next_id(self) -> int:
        with self.lock:
            self._ids += 1
            return self._ids

    def add_user_token(self, token: str, login: str, type_: str = "User") -> dict[str, Any]:
        user = {"login": login, "id": self.next_id(), "type": type_}
        self.tokens[token] = user
        return user

    def add_installation_token(self, token: str) -> None:
        self.tokens[token] = None

    def add_repo(self, full_name: str) -> Repo:
        owner, name = full_name.split("/")
        repo = Repo(owner, name, self.next_id())
        self.repos[full_name] = repo
        return repo

    def add_commit(
        self, repo: Repo, sha: str, files: dict[str, bytes], modes: dict[str, str] | None = None
    ) -> None:
        """A commit whose tree holds `files` (folders are implied, as git does).

        `modes` marks entries as e.g. symlinks ("120000": the blob is the link's target path).
        """
        entries: list[dict[str, Any]] = []
        folders: set[str] = set()
        for path, data in sorted(files.items()):
            blob = git_blob_sha(data)
            repo.blobs[blob] = data
            parts = path.split("/")
            for i in range(1, len(parts)):
                folders.add("/".join(parts[:i]))
            mode = (modes or {}).get(path, "100644")
            entries.append({"path": path, "mode": mode, "type": "blob", "sha": blob, "size": len(data)})
        for folder in sorted(folders):
            entries.append(
                {
                    "path": folder,
                    "mode": "040000",
                    "type": "tree",
                    "sha": hashlib.sha1(folder.encode()).hexdigest(),
                }
            )
        repo.trees[sha] = sorted(entries, key=lambda e: e["path"])

    def add_pull(
        self,
        repo: Repo,
        number: int,
        head_sha: str,
        base_sha: str,
        *,
        head_repo: str | None = None,
        labels: list[str] | None = None,
        author: str = "contributor",
    ) -> dict[str, Any]:
        head_full = repo.full_name if head_repo is None else head_repo
        pr = {
            "number": number,
            "head_sha": head_sha,
            "base_sha": base_sha,
            "head_repo": head_full,
            "author": author,
        }
        repo.pulls[number] = pr
        repo.issue_labels[number] = []
        repo.comments.setdefault(number, [])
        for name in labels or []:
            self.add_label(repo, name)
            repo.issue_labels[number].append(name)
        return pr

    def add_label(
        self, repo: Repo, name: str, color: str = "ededed", description: str = ""
    ) -> dict[str, Any]:
        label = {
            "id": self.next_id(),
            "node_id": f"LA_{self._ids}",
            "url": f"{self.url}/repos/{repo.full_name}/labels/{quote(name, safe='')}",
            "name": name,
            "color": color,
            "default": False,
            "description": description or None,
        }
        repo.labels[name.casefold()] = label
        return label

    def add_comment(self, repo: Repo, number: int, body: str, user: dict[str, Any]) -> dict[str, Any]:
        cid = self.next_id()
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        comment = {
            "id": cid,
            "node_id": f"IC_{cid}",
            "url": f"{self.url}/repos/{repo.full_name}/issues/comments/{cid}",
            "html_url": f"https://github.com/{repo.full_name}/pull/{number}#issuecomment-{cid}",
            "issue_url": f"{self.url}/repos/{repo.full_name}/issues/{number}",
            "body": body,
            "user": self.user_json(user),
            "created_at": now,
            "updated_at": now,
            "author_association": "CONTRIBUTOR",
        }
        repo.comments.setdefault(number, []).append(comment)
        return comment

    def add_release(self, repo: Repo, tag: str, assets: list[tuple[str, int]], draft: bool = False) -> None:
        rid = self.next_id()
        release = {
            "id": rid,
            "node_id": f"RE_{rid}",
            "url": f"{self.url}/repos/{repo.full_name}/releases/{rid}",
            "assets_url": f"{self.url}/repos/{repo.full_name}/releases/{rid}/assets",
            "html_url": f"https://github.com/{repo.full_name}/releases/tag/{tag}",
            "tag_name": tag,
            "name": tag,
            "draft": draft,
            "prerelease": False,
            "created_at": "2024-01-01T00:00:00Z",
            "published_at": None if draft else "2024-01-01T00:00:00Z",
            "author": self.user_json(BOT),
            "body": "",
            "assets": [],
        }
        for name, size in assets:
            aid = self.next_id()
            release["assets"].append(
                {
                    "id": aid,
                    "node_id": f"RA_{aid}",
                    "url": f"{self.url}/repos/{repo.full_name}/releases/assets/{aid}",
                    "browser_download_url": f"https://github.com/{repo.full_name}/releases/download/{tag}/{name}",
                    "name": name,
                    "label": "",
                    "state": "uploaded",
                    "content_type": "application/octet-stream",
                    "size": size,
                    "download_count": 0,
                    "created_at": "2024-01-01T00:00:00Z",
                    "updated_at": "2024-01-01T00:00:00Z",
                    "uploader": self.user_json(BOT),
                }
            )
        repo.releases.insert(0, release)

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int,
        times: int = 1,
        message: str = "Server Error",
        headers: dict[str, str] | None = None,
        after: bool = False,
    ) -> None:
        """The next `times` requests matching answer `status` (e.g. one 502, then success).

        With `after`, the request is carried out first and only its answer is lost.
        """
        self.failures.append(
            Failure(method, re.compile(path_regex), status, times, {"message": message}, headers or {}, after)
        )

    # -- for assertions -------------------------------------------------------------------------

    def requests(self, method: str | None = None, path_regex: str | None = None) -> list[Request]:
        with self.lock:
            return [
                r
                for r in self.log
                if (method is None or r.method == method)
                and (path_regex is None or re.search(path_regex, r.path))
            ]

    def writes(self) -> list[Request]:
        return [r for r in self.requests() if r.method in ("POST", "PATCH", "PUT", "DELETE")]

    def reset_log(self) -> None:
        with self.lock:
            self.log.clear()

    # -- JSON shapes ----------------------------------------------------------------------------

    def user_json(self, user: dict[str, Any]) -> dict[str, Any]:
        login = user["login"]
        return {
            "login": login,
            "id": user["id"],
            "node_id": f"U_{user['id']}",
            "type": user["type"],
            "site_admin": False,
            "url": f"{self.url}/users/{quote(login)}",
            "html_url": f"https://github.com/{quote(login)}",
        }

    def repo_json(self, repo: Repo) -> dict[str, Any]:
        base = f"{self.url}/repos/{repo.full_name}"
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.name,
            "full_name": repo.full_name,
            "private": False,
            "owner": self.user_json({"login": repo.owner, "id": repo.id + 1, "type": "Organization"}),
            "html_url": f"https://github.com/{repo.full_name}",
            "url": base,
            "default_branch": repo.default_branch,
            "fork": False,
            "labels_url": f"{base}/labels{{/name}}",
            "releases_url": f"{base}/releases{{/id}}",
            "trees_url": f"{base}/git/trees{{/sha}}",
        }

    def pull_json(self, repo: Repo, number: int) -> dict[str, Any]:
        pr = repo.pulls[number]
        base = f"{self.url}/repos/{repo.full_name}"
        head_full = pr["head_repo"]
        if head_full is None:
            head_repo = None
        elif head_full == repo.full_name:
            head_repo = self.repo_json(repo)
        else:
            owner, name = head_full.split("/")
            head_repo = self.repo_json(Repo(owner, name, repo.id + 7)) | {"fork": True}
        author = {"login": pr["author"], "id": 7, "type": "User"}
        return {
            "url": f"{base}/pulls/{number}",
            "id": repo.id * 1000 + number,
            "node_id": f"PR_{number}",
            "html_url": f"https://github.com/{repo.full_name}/pull/{number}",
            "issue_url": f"{base}/issues/{number}",
            "comments_url": f"{base}/issues/{number}/comments",
            "number": number,
            "state": "open",
            "locked": False,
            "title": "Update the model",
            "user": self.user_json(author),
            "body": "",
            "labels": [repo.labels[n.casefold()] for n in repo.issue_labels.get(number, [])],
            "draft": False,
            "merged": False,
            "head": {
                "label": f"{head_full or 'unknown'}:feature",
                "ref": "feature",
                "sha": pr["head_sha"],
                "user": self.user_json(author),
                "repo": head_repo,
            },
            "base": {
                "label": f"{repo.owner}:{repo.default_branch}",
                "ref": repo.default_branch,
                "sha": pr["base_sha"],
                "user": self.user_json({"login": repo.owner, "id": repo.id + 1, "type": "Organization"}),
                "repo": self.repo_json(repo),
            },
            "author_association": "CONTRIBUTOR",
        }

    def event_payload(self, repo: Repo, number: int, action: str = "synchronize") -> dict[str, Any]:
        """A pull_request event payload as the runner writes it to GITHUB_EVENT_PATH."""
        pr = self.pull_json(repo, number)
        return {
            "action": action,
            "number": number,
            "pull_request": pr,
            "repository": self.repo_json(repo),
            "sender": pr["user"],
        }


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PATCH(self) -> None:
            self._handle("PATCH")

        def do_PUT(self) -> None:
            self._handle("PUT")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

        # ---------------------------------------------------------------------------------------

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            path, query = parts.path, parts.query
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body: Any = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
            auth = self.headers.get("Authorization", "")
            token = auth.split(" ", 1)[1] if " " in auth else None
            with fake.lock:
                status, payload, headers = self._route(method, path, query, token, body)
                fake.log.append(Request(method, path, query, status, token, body))
                fake.rate_remaining = max(0, fake.rate_remaining - 1)
                remaining = fake.rate_remaining
            data = b"" if payload is None else json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-RateLimit-Limit", "5000")
            self.send_header("X-RateLimit-Remaining", str(remaining))
            self.send_header("X-RateLimit-Used", str(5000 - remaining))
            self.send_header("X-RateLimit-Reset", str(int(time.time()) + 3600))
            self.send_header("X-RateLimit-Resource", "core")
            self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if data:
                self.wfile.write(data)

        def _route(
            self, method: str, path: str, query: str, token: str | None, body: Any
        ) -> tuple[int, Any, dict[str, str]]:
            for failure in fake.failures:
                if failure.times > 0 and failure.method == method and failure.pattern.search(path):
                    failure.times -= 1
                    if failure.after:
                        self._route_ok(method, path, query, token, body)
                    return failure.status, failure.body, failure.headers
            return self._route_ok(method, path, query, token, body)

        def _route_ok(
            self, method: str, path: str, query: str, token: str | None, body: Any
        ) -> tuple[int, Any, dict[str, str]]:
            if token not in fake.tokens:
                return 401, {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"}, {}
            user = fake.tokens[token]
            if path == "/user":
                if user is None:
                    return 403, _error403(), {}
                return 200, fake.user_json(user), {}
            m = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
            if not m or f"{m.group(1)}/{m.group(2)}" not in fake.repos:
                return 404, _not_found(), {}
            repo = fake.repos[f"{m.group(1)}/{m.group(2)}"]
            rest = m.group(3) or ""
            if method in ("POST", "PATCH", "PUT", "DELETE") and fake.read_only:
                return 403, _error403(), {}
            author = user if user is not None else BOT
            return self._repo_route(repo, method, rest, parse_qs(query), body, author)

        def _repo_route(
            self,
            repo: Repo,
            method: str,
            rest: str,
            q: dict[str, list[str]],
            body: Any,
            author: dict[str, Any],
        ) -> tuple[int, Any, dict[str, str]]:
            base = f"/repos/{repo.full_name}"
            if rest == "" and method == "GET":
                return 200, fake.repo_json(repo), {}
            m = re.fullmatch(r"/pulls/(\d+)", rest)
            if m and method == "GET":
                n = int(m.group(1))
                if n not in repo.pulls:
                    return 404, _not_found(), {}
                return 200, fake.pull_json(repo, n), {}
            m = re.fullmatch(r"/issues/(\d+)/comments", rest)
            if m:
                n = int(m.group(1))
                if n not in repo.pulls:
                    return 404, _not_found(), {}
                if method == "GET":
                    return self._page(repo.comments.get(n, []), q, f"{base}/issues/{n}/comments")
                if method == "POST":
                    if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                        return 422, {"message": "Validation Failed"}, {}
                    if len(body["body"]) > 65536:
                        return (
                            422,
                            {"message": "Validation Failed", "errors": [{"message": "body is too long"}]},
                            {},
                        )
                    return 201, fake.add_comment(repo, n, body["body"], author), {}
            m = re.fullmatch(r"/issues/comments/(\d+)", rest)
            if m and method == "PATCH":
                cid = int(m.group(1))
                for comments in repo.comments.values():
                    for c in comments:
                        if c["id"] == cid:
                            if len(body.get("body", "")) > 65536:
                                return 422, {"message": "Validation Failed"}, {}
                            c["body"] = body["body"]
                            c["updated_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                            return 200, c, {}
                return 404, _not_found(), {}
            m = re.fullmatch(r"/labels/([^/]+)", rest)
            if m and method == "GET":
                label = repo.labels.get(unquote(m.group(1)).casefold())
                return (200, label, {}) if label else (404, _not_found(), {})
            if rest == "/labels" and method == "POST":
                name = body.get("name", "")
                if name.casefold() in repo.labels:
                    return (
                        422,
                        {
                            "message": "Validation Failed",
                            "errors": [{"resource": "Label", "code": "already_exists", "field": "name"}],
                            "documentation_url": DOCS,
                        },
                        {},
                    )
                color = body.get("color", "ededed")
                if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
                    return (
                        422,
                        {"message": "Validation Failed", "errors": [{"field": "color", "code": "invalid"}]},
                        {},
                    )
                return 201, fake.add_label(repo, name, color, body.get("description", "")), {}
            m = re.fullmatch(r"/issues/(\d+)/labels", rest)
            if m and method == "POST":
                n = int(m.group(1))
                if n not in repo.pulls:
                    return 404, _not_found(), {}
                # The API takes a bare list of names or {"labels": [...]} (PyGithub sends the list).
                names = body if isinstance(body, list) else (body or {}).get("labels", [])
                for name in names:
                    if name.casefold() not in repo.labels:
                        fake.add_label(repo, name)  # GitHub creates unknown labels, grey
                    if name.casefold() not in {x.casefold() for x in repo.issue_labels[n]}:
                        repo.issue_labels[n].append(repo.labels[name.casefold()]["name"])
                return 200, [repo.labels[x.casefold()] for x in repo.issue_labels[n]], {}
            m = re.fullmatch(r"/issues/(\d+)/labels/(.+)", rest)
            if m and method == "DELETE":
                n, name = int(m.group(1)), unquote(m.group(2))
                current = repo.issue_labels.get(n, [])
                match = [x for x in current if x.casefold() == name.casefold()]
                if not match:
                    return 404, {"message": "Label does not exist", "documentation_url": DOCS}, {}
                current.remove(match[0])
                return 200, [repo.labels[x.casefold()] for x in current], {}
            if rest == "/releases" and method == "GET":
                return self._page(repo.releases, q, f"{base}/releases")
            m = re.fullmatch(r"/releases/(\d+)/assets", rest)
            if m and method == "GET":
                rid = int(m.group(1))
                for r in repo.releases:
                    if r["id"] == rid:
                        return self._page(r["assets"], q, f"{base}/releases/{rid}/assets")
                return 404, _not_found(), {}
            m = re.fullmatch(r"/git/trees/([0-9a-f]+)", rest)
            if m and method == "GET":
                sha = m.group(1)
                if sha not in repo.trees:
                    return 404, _not_found(), {}
                # Without recursive=1 the API lists the top level only.
                entries = repo.trees[sha]
                if q.get("recursive", ["0"])[0] in ("0", "false", ""):
                    entries = [e for e in entries if "/" not in e["path"]]
                tree = [
                    e
                    | {
                        "url": f"{fake.url}{base}/git/{'blobs' if e['type'] == 'blob' else 'trees'}/{e['sha']}"
                    }
                    for e in entries
                ]
                return (
                    200,
                    {
                        "sha": sha,
                        "url": f"{fake.url}{base}/git/trees/{sha}",
                        "tree": tree,
                        "truncated": False,
                    },
                    {},
                )
            m = re.fullmatch(r"/git/blobs/([0-9a-f]{40})", rest)
            if m and method == "GET":
                data = repo.blobs.get(m.group(1))
                if data is None:
                    return 404, _not_found(), {}
                encoded = base64.encodebytes(data).decode("ascii")  # wrapped lines, as GitHub sends
                return (
                    200,
                    {
                        "sha": m.group(1),
                        "node_id": f"B_{m.group(1)[:8]}",
                        "size": len(data),
                        "url": f"{fake.url}{base}/git/blobs/{m.group(1)}",
                        "content": encoded,
                        "encoding": "base64",
                    },
                    {},
                )
            return 404, _not_found(), {}

        def _page(
            self, items: list[Any], q: dict[str, list[str]], path: str
        ) -> tuple[int, Any, dict[str, str]]:
            per_page = min(100, max(1, int(q.get("per_page", ["30"])[0])))
            page = max(1, int(q.get("page", ["1"])[0]))
            last = max(1, -(-len(items) // per_page))
            chunk = items[(page - 1) * per_page : page * per_page]
            links = []

            def link(p: int, rel: str) -> str:
                return f'<{fake.url}{path}?per_page={per_page}&page={p}>; rel="{rel}"'

            if page < last:
                links += [link(page + 1, "next"), link(last, "last")]
            if page > 1:
                links += [link(1, "first"), link(page - 1, "prev")]
            return 200, chunk, ({"Link": ", ".join(links)} if links else {})

    return Handler


def _error403() -> dict[str, Any]:
    return {"message": INTEGRATION_403, "documentation_url": DOCS, "status": "403"}


def _not_found() -> dict[str, Any]:
    return {"message": "Not Found", "documentation_url": DOCS, "status": "404"}


@contextmanager
def running() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake
