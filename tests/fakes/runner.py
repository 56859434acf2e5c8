"""What a GitHub runner does with the action's file commands, for the tests."""

from __future__ import annotations

import re


def parse_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: name=value lines and name<<DELIM heredocs."""
    result: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.fullmatch(r"([A-Za-z0-9_-]+)<<(.+)", line)
        if m:
            name, delim, value = m.group(1), m.group(2), []
            i += 1
            while lines[i] != delim:
                value.append(lines[i])
                i += 1
            result[name] = "\n".join(value)
        elif "=" in line:
            name, _, val = line.partition("=")
            result[name] = val
        i += 1
    return result
