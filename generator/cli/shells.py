"""Shell completion scripts for bash, zsh and fish, generated from the argparse parser.

Every command, option and choice comes from the parser itself, so the scripts cannot drift from
the CLI. Arguments marked `complete = "slug"` complete to contact slugs, which the scripts ask
for at completion time with `kith completion --slugs`. File names come from whoever wrote the
vault (a pull request, an import), so the scripts take each slug as a plain string, never as
shell code (bash's `compgen -W` would expand `$(…)` in it), and keep only valid slugs.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import KNOWN_FIELDS

_LOADER = "command kith completion --slugs 2>/dev/null"
# What `check_slug` allows, as a shell pattern: a slug offered on the command line is plain text.
_SLUG_RE = "^[A-Za-z0-9][A-Za-z0-9._-]*$"


@dataclass(frozen=True, slots=True)
class Arg:
    """One option or positional: its flags (none for a positional) and what completes it."""

    flags: tuple[str, ...]
    help: str
    valued: bool
    complete: str  # slug, field, file, dir, choice or ''
    choices: tuple[str, ...] = ()
    repeats: bool = False


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand with its options and positionals, in order."""

    name: str
    help: str
    options: tuple[Arg, ...]
    positionals: tuple[Arg, ...]


def describe(parser: argparse.ArgumentParser) -> tuple[tuple[Arg, ...], tuple[Command, ...]]:
    """Read the global options and every subcommand off the parser."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help or "" for a in sub._choices_actions}
    commands = []
    for name, child in sub.choices.items():
        args = [_arg(a) for a in child._actions if a.help != argparse.SUPPRESS]
        commands.append(
            Command(
                name,
                helps.get(name, ""),
                tuple(a for a in args if a.flags),
                tuple(a for a in args if not a.flags),
            )
        )
    options = tuple(_arg(a) for a in parser._actions if a.option_strings)
    return options, tuple(commands)


def _arg(action: argparse.Action) -> Arg:
    kind = getattr(action, "complete", "")
    if action.choices:
        kind = "choice"
    elif not kind and action.metavar in ("FILE", "DIR"):
        kind = str(action.metavar).lower()
    return Arg(
        tuple(action.option_strings),
        " ".join(str(action.help or "").split()),
        action.nargs != 0,
        kind,
        tuple(str(c) for c in action.choices or ()),
        action.nargs in ("+", "*", argparse.REMAINDER),
    )


def valued_flags(parser: argparse.ArgumentParser) -> list[str]:
    """Every flag that takes a value, in any command (the scripts skip the value when counting)."""
    options, commands = describe(parser)
    flags = {f for a in options if a.valued for f in a.flags}
    for command in commands:
        flags.update(f for a in command.options if a.valued for f in a.flags)
    return sorted(flags)


def bash_script(parser: argparse.ArgumentParser) -> str:
    """Return a bash completion script (`source <(kith completion bash)`)."""
    options, commands = describe(parser)
    lines = [
        "# kith completion for bash: source <(kith completion bash)",
        "_kith_slugs() {",
        "    local slug",
        "    COMPREPLY=()",
        "    while IFS= read -r slug; do",
        f'        [[ $slug =~ {_SLUG_RE} && $slug == "$cur"* ]] && COMPREPLY+=("$slug")',
        f"    done < <({_LOADER})",
        "}",
        "_kith() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local sub="" count=0 skip=0 i word',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        word="${COMP_WORDS[i]}"',
        "        if ((skip)); then skip=0; continue; fi",
        '        case "$word" in',
        f"            {'|'.join(valued_flags(parser))}) skip=1 ;;",
        "            -*) ;;",
        '            *) if [[ -z "$sub" ]]; then sub="$word"; else ((count++)); fi ;;',
        "        esac",
        "    done",
        '    case "$sub" in',
    ]
    names = " ".join(c.name for c in commands)
    lines += _bash_case("", options, (Arg((), "", True, "choice", tuple(names.split())),))
    for command in commands:
        lines += _bash_case(command.name, command.options, command.positionals)
    lines += ["    esac", "}", "complete -F _kith kith", ""]
    return "\n".join(lines)


def _bash_case(name: str, options: tuple[Arg, ...], positionals: tuple[Arg, ...]) -> list[str]:
    lines = [f'        "{name}")', '            case "$prev" in']
    for option in options:
        if option.valued:
            lines.append(f"                {'|'.join(option.flags)}) {_bash_words(option)} ;;")
    flags = " ".join(f for o in options for f in o.flags)
    lines += [
        "            esac",
        '            if [[ "$cur" == -* ]]; then',
        f'                mapfile -t COMPREPLY < <(compgen -W "{flags}" -- "$cur"); return',
        "            fi",
        '            case "$count" in',
    ]
    for index, positional in enumerate(positionals):
        last = index == len(positionals) - 1 and positional.repeats
        lines.append(f"                {'*' if last else index}) {_bash_words(positional)} ;;")
    lines += ["            esac", "            ;;"]
    return lines


def _bash_words(arg: Arg) -> str:
    """The bash statement that completes one value."""
    if arg.complete == "slug":
        return "_kith_slugs; return"
    words = {"field": " ".join(KNOWN_FIELDS), "choice": " ".join(arg.choices)}
    if arg.complete in words:
        return f'mapfile -t COMPREPLY < <(compgen -W "{words[arg.complete]}" -- "$cur"); return'
    if arg.complete in ("file", "dir"):
        return f'mapfile -t COMPREPLY < <(compgen -{arg.complete[0]} -- "$cur"); return'
    return "return"


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """Return a zsh completion script (`source <(kith completion zsh)`, or `_kith` on $fpath)."""
    options, commands = describe(parser)
    lines = [
        "#compdef kith",
        "# kith completion for zsh: source <(kith completion zsh)",
        "_kith_slugs() {",
        "    local -a slugs",
        "    local slug",
        f'    for slug in ${{(f)"$({_LOADER})"}}; do',
        f"        [[ $slug =~ '{_SLUG_RE}' ]] && slugs+=(\"$slug\")",
        "    done",
        "    compadd -a slugs",
        "}",
        "_kith() {",
        "    local curcontext=$curcontext state line",
        "    typeset -A opt_args",
        "    _arguments -C \\",
        *(f"        {spec} \\" for spec in _zsh_options(options)),
        "        '1: :->command' \\",
        "        '*:: :->argument'",
        "    case $state in",
        "    command)",
        "        local -a commands",
        "        commands=(",
        *(f"            {_zsh_quote(c.name + ':' + c.help)}" for c in commands),
        "        )",
        "        _describe command commands ;;",
        "    argument)",
        "        case $line[1] in",
    ]
    for command in commands:
        specs = [*_zsh_options(command.options), *_zsh_positionals(command)]
        lines.append(f"        {command.name}) _arguments \\")
        lines += [f"            {spec} \\" for spec in specs[:-1]]
        lines.append(f"            {specs[-1]} ;;")
    lines += [
        "        esac ;;",
        "    esac",
        "}",
        'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
        '    _kith "$@"',
        "else",
        "    compdef _kith kith",
        "fi",
        "",
    ]
    return "\n".join(lines)


def _zsh_options(options: tuple[Arg, ...]) -> Iterator[str]:
    for option in options:
        help_text = _zsh_escape(option.help)
        action = f":{_zsh_escape(option.flags[-1].lstrip('-'))}:{_zsh_action(option)}"
        for flag in option.flags:
            exclusive = f"({' '.join(option.flags)})" if len(option.flags) > 1 else ""
            spec = f"{exclusive}{flag}[{help_text}]{action if option.valued else ''}"
            yield _zsh_quote(spec)


def _zsh_positionals(command: Command) -> Iterator[str]:
    for index, positional in enumerate(command.positionals):
        position = "*" if positional.repeats else str(index + 1)
        yield _zsh_quote(f"{position}:{_zsh_escape(positional.help)}:{_zsh_action(positional)}")


def _zsh_action(arg: Arg) -> str:
    return {
        "slug": "_kith_slugs",
        "field": f"({' '.join(KNOWN_FIELDS)})",
        "choice": f"({' '.join(arg.choices)})",
        "file": "_files",
        "dir": "_files -/",
    }.get(arg.complete, " ")


def _zsh_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def fish_script(parser: argparse.ArgumentParser) -> str:
    """Return a fish completion script (`kith completion fish | source`)."""
    options, commands = describe(parser)
    lines = [
        "# kith completion for fish: kith completion fish | source",
        "function __kith_at --argument-names want position",
        "    set -l valued " + " ".join(valued_flags(parser)),
        "    set -l sub ''",
        "    set -l count 0",
        "    set -l skip 0",
        "    set -l words (commandline -opc)",
        "    set -e words[1]",
        "    for word in $words",
        "        if test $skip -eq 1",
        "            set skip 0",
        "        else if contains -- $word $valued",
        "            set skip 1",
        "        else if not string match -q -- '-*' $word",
        '            if test -z "$sub"',
        "                set sub $word",
        "            else",
        "                set count (math $count + 1)",
        "            end",
        "        end",
        "    end",
        '    test "$sub" = "$want"; or return 1',
        '    test -z "$position"; and return 0',
        "    string match -q -- '*+' $position; and test $count -ge (string trim -c + $position)",
        "    and return 0",
        '    test "$count" = "$position"',
        "end",
        "function __kith_slugs",
        f"    {_LOADER} | string match -r -- '{_SLUG_RE}'",
        "end",
        "complete -c kith -f",
    ]
    for option in options:
        lines.append(_fish_option("", option))
    for command in commands:
        lines.append(
            f"complete -c kith -n {_fish_when('')} -a {command.name} -d {_fish_quote(command.help)}"
        )
    for command in commands:
        lines += [_fish_option(command.name, option) for option in command.options]
        for index, positional in enumerate(command.positionals):
            position = f"{index}+" if positional.repeats else str(index)
            values = _fish_values(positional)
            if values:
                lines.append(f"complete -c kith -n {_fish_when(command.name, position)} {values}")
    return "\n".join([*lines, ""])


def _fish_option(command: str, option: Arg) -> str:
    parts = [f"complete -c kith -n {_fish_when(command)}"]
    for flag in option.flags:
        parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
    if option.valued:
        parts.append(_fish_values(option) or "-x")
    parts.append(f"-d {_fish_quote(option.help)}")
    return " ".join(parts)


def _fish_when(command: str, position: str = "") -> str:
    """The condition: this command (none yet when ''), at this positional."""
    return _fish_quote(" ".join(["__kith_at", command or "''", position]).strip())


def _fish_values(arg: Arg) -> str:
    words = {
        "slug": "(__kith_slugs)",
        "field": " ".join(KNOWN_FIELDS),
        "choice": " ".join(arg.choices),
    }
    if arg.complete in words:
        return f"-x -a {_fish_quote(words[arg.complete])}"
    if arg.complete in ("file", "dir"):
        return "-r -F" if arg.complete == "file" else "-x -a '(__fish_complete_directories)'"
    return ""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
