"""`openwash action`: the GitHub Action's entry point (the container's ENTRYPOINT).

Takes no arguments: it reads the runner's environment contract (INPUT_*, GITHUB_*, the event
payload). PyGithub is imported only when the command runs, not when the CLI loads.
"""

from __future__ import annotations

import argparse

HELP = "run as the GitHub Action: scan the PR, compare with its base, label, comment, write outputs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Configured by the environment GitHub Actions sets: INPUT_GITHUB-TOKEN, INPUT_PATH, INPUT_MIN-TIER, "
        "INPUT_FAIL-ON-VIOLATION, INPUT_LABEL-PREFIX, INPUT_COMMENT, INPUT_CONFIG, INPUT_SARIF-FILE, and "
        "GITHUB_REPOSITORY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT, "
        "GITHUB_STEP_SUMMARY, GITHUB_API_URL. Exit status: 0 policy passes, 1 policy fails, 2 error."
    )


def run(args: argparse.Namespace) -> int:
    from openwash.github.action import main

    return main()
