"""`openwash action`: the GitHub Action's entry point (the container's ENTRYPOINT).

Takes no arguments: it reads the runner's environment contract (INPUT_*, GITHUB_*, the event
payload). PyGithub is imported only when the command runs, not when the CLI loads.
"""

from __future__ import annotations

import argparse

HELP = "run as the GitHub Action: scan the PR, compare with its base, label, comment, write outputs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    import textwrap
    from dataclasses import fields

    from openwash.github.env import Inputs

    # The inputs are the fields of Inputs, named as the runner passes them.
    inputs = ", ".join("INPUT_" + f.name.upper().replace("_", "-") for f in fields(Inputs))
    epilog = (
        f"Configured by the environment GitHub Actions sets: {inputs}, and "
        "GITHUB_REPOSITORY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT, "
        "GITHUB_STEP_SUMMARY, GITHUB_API_URL. Exit status: 0 policy passes, 1 policy fails, 2 error."
    )
    # Wrapped here, never inside a name such as INPUT_BADGE-FILE.
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = textwrap.fill(epilog, width=78, break_on_hyphens=False)


def run(args: argparse.Namespace) -> int:
    from openwash.github.action import main

    return main()
