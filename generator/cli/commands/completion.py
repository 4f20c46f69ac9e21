"""`kith completion SHELL`: print a completion script generated from the parser."""

from __future__ import annotations

import argparse

from ...vault.load import iter_contact_files
from ...vault.slugs import is_slug
from ..common import Sub, add_parser
from ..parser import build_parser
from ..session import Session, UsageError
from ..shells import bash_script, fish_script, zsh_script

SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add `completion`."""
    completion = add_parser(
        sub,
        common,
        "completion",
        "print a shell completion script",
        "Print a completion script for bash, zsh or fish: commands, options, choices, fields "
        "and, at completion time, the slugs of your contacts.",
        (
            "source <(kith completion bash)     # in ~/.bashrc",
            "source <(kith completion zsh)      # in ~/.zshrc, after compinit",
            "kith completion fish > ~/.config/fish/completions/kith.fish",
        ),
    )
    completion.add_argument("shell", nargs="?", choices=sorted(SCRIPTS), help="your shell")
    completion.add_argument("--slugs", action="store_true", help=argparse.SUPPRESS)
    completion.set_defaults(run=run_completion)


def run_completion(session: Session) -> int:
    """Print the script, or (for the scripts themselves) the slugs of the vault."""
    if session.args.slugs:
        # A file name that is no valid slug could be shell code (`$(touch x).md`): leave it out.
        stems = {p.stem for p in iter_contact_files(session.settings.people)}
        slugs = sorted(stem for stem in stems if is_slug(stem))
        print("\n".join(slugs), file=session.data_out)
        return 0
    if session.args.shell is None:
        raise UsageError("say which shell: kith completion bash|zsh|fish")
    # The script completes every command, not only the ones this run's parser was given.
    print(SCRIPTS[session.args.shell](build_parser()), end="", file=session.data_out)
    return 0
