"""What the step hands back to the runner: outputs, the job summary, and annotations.

Workflow commands are lines on stdout. Anything from the scanned repository goes into them
escaped (`%`, CR, LF; and `:` `,` in properties), so a licence cannot start a command line of
its own (`::add-mask::`, `::stop-commands::`) or end a property early.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from typing import TextIO

from openwash.errors import OpenwashError
from openwash.report import Finding

SUMMARY_LIMIT = 1024 * 1024  # bytes per step; GitHub drops a larger summary altogether
ANNOTATIONS_SHOWN = 10  # per kind (error, warning) and step
_MAX_MESSAGE = 2000


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    kind: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    end_line: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command line: `::kind file=F,line=L,endLine=E,title=T::message`."""
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if line is not None:
            props.append(f"line={int(line)}")
            if end_line is not None and end_line != line:
                props.append(f"endLine={int(end_line)}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{kind} {','.join(props)}" if props else f"::{kind}"
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return f"{head}::{escape_data(message)}"


def set_outputs(path: str | None, values: Mapping[str, str], out: TextIO | None = None) -> None:
    """Append outputs to $GITHUB_OUTPUT: `name=value`, or a heredoc for multi-line values."""
    lines = []
    for name, value in values.items():
        if "\n" in value or "\r" in value:
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            while delimiter in value:  # the value must not end the heredoc early
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
            lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
        else:
            lines.append(f"{name}={value}\n")
    if path is None:
        if out is not None:
            out.write(command("warning", "GITHUB_OUTPUT is not set: outputs are not recorded") + "\n")
        return
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("".join(lines))
    except OSError as exc:
        raise OpenwashError(f"GITHUB_OUTPUT {path}: cannot write ({exc.strerror or exc})") from exc


def cap_utf8(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` UTF-8 bytes at a line boundary, saying that it was cut."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    note = "\n\n… cut to fit GitHub's job summary limit (see the report JSON)\n"
    room = max(0, limit - len(note.encode("utf-8")))
    head = data[:room].decode("utf-8", errors="ignore")
    cut = head.rfind("\n\n")
    return (head[:cut] if cut > 0 else head) + note


def write_summary(path: str | None, markdown: str) -> bool:
    """Append to $GITHUB_STEP_SUMMARY, keeping the file under GitHub's 1 MiB per step."""
    if path is None:
        return False
    try:
        used = os.path.getsize(path) if os.path.exists(path) else 0
        text = cap_utf8(markdown, max(0, SUMMARY_LIMIT - used - 1))
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise OpenwashError(f"GITHUB_STEP_SUMMARY {path}: cannot write ({exc.strerror or exc})") from exc
    return True


def _where(f: Finding, prefix: str) -> str | None:
    if not f.path or f.path.startswith("release:") or "://" in f.path:
        return None
    return f"{prefix}{f.path}" if prefix else f.path


def annotation_commands(
    findings: Sequence[Finding],
    titles: Mapping[int, str],
    path_prefix: str = "",
) -> list[str]:
    """Workflow commands for the findings: the 10 most important violations as errors and the
    10 most important concerns as warnings (what GitHub shows per step), then a notice with
    the count of the rest."""
    ordered = sorted(findings, key=Finding.sort_key)
    violations = [f for f in ordered if f.severity == "violation"]
    concerns = [f for f in ordered if f.severity != "violation"]
    out = []
    for kind, group in (("error", violations), ("warning", concerns)):
        for f in group[:ANNOTATIONS_SHOWN]:
            title = f"OSD {f.clause}: {titles.get(f.clause, '')}" if f.clause else f.kind
            quote = " ".join(f.quote.split())
            message = f"{f.explanation} Quote: {quote}" if quote else f.explanation
            file = _where(f, path_prefix)
            out.append(
                command(
                    kind,
                    message,
                    file=file,
                    line=f.line_start if file else None,
                    end_line=f.line_end if file else None,
                    title=f"openwash {title.strip()}",
                )
            )
    more_v = max(0, len(violations) - ANNOTATIONS_SHOWN)
    more_c = max(0, len(concerns) - ANNOTATIONS_SHOWN)
    if more_v or more_c:
        out.append(
            command(
                "notice",
                f"openwash: {more_v} more violation(s) and {more_c} more concern(s) are not annotated "
                "(GitHub shows 10 of each per step); see the job summary and the report JSON",
            )
        )
    return out
