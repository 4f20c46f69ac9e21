"""`kith duplicates` and `kith merge`: one person under two slugs, found and made one."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ...analysis.duplicates import SURENESS, Duplicate, describe_evidence, find_duplicates
from ...analysis.phrases import plural
from ...build import load_checked, open_cache
from ...edit.batch import WriteError, apply_changes
from ...edit.writer import EditError
from ...exchange.merge import MergePlan, plan_merge
from ...model import Vault
from ...vault.load import collector_paused
from ..common import add_parser, pick, refusals, slug_argument
from ..session import Session, UserError


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `duplicates` and `merge`."""
    dup = add_parser(
        sub,
        common,
        "duplicates",
        "list contacts that are likely one person twice, with the evidence",
        "List pairs of contacts that are likely one person: certain (the same e-mail, phone "
        "or LinkedIn profile), likely (near-identical names at one company) or possible (the "
        "same name, nothing telling them apart). Each line is the merge command to run.",
        ["kith duplicates", "kith duplicates --json"],
    )
    dup.add_argument("--json", action="store_true", help="print JSON instead of lines")
    dup.set_defaults(run=run_duplicates)
    merge = add_parser(
        sub,
        common,
        "merge",
        "merge OTHER into KEEP: fields, log, ties; OTHER's file is removed",
        "Merge OTHER into KEEP: KEEP gets the fields it has none of (its own values are kept, "
        "OTHER's differing ones noted under ## Private), the log entries, addresses and ties "
        "it lacks (the stronger tie wins); every tie to OTHER points at KEEP; OTHER's file is "
        "removed. All or nothing.",
        ["kith merge ana-lopez ana-lopez-2 --dry-run"],
    )
    slug_argument(merge, "keep", "KEEP")
    slug_argument(merge, "other", "OTHER")
    merge.add_argument("--dry-run", action="store_true", help="show the merge; write nothing")
    merge.set_defaults(run=run_merge)


def run_duplicates(session: Session) -> int:
    """Print every likely duplicate pair, as merge commands or as JSON."""
    with collector_paused():  # as while loading: nothing here makes cycles
        loaded = load_checked(session.settings, cache=open_cache(session.settings))
        vault = loaded.vault
        pairs = find_duplicates(vault, session.settings.default_region)
    if session.args.json:
        document = {"duplicates": [duplicate_json(d, vault) for d in pairs]}
        print(json.dumps(document, ensure_ascii=False, indent=2), file=session.out)
        return 0
    for pair in pairs:
        command = f"kith merge {pair.keep} {pair.other}"
        print(f"{pair.sure:9} {command:40} {describe_evidence(pair)}", file=session.out)
    counts = ", ".join(f"{sum(1 for p in pairs if p.sure == s)} {s}" for s in SURENESS)
    print(f"kith: {plural(len(pairs), 'pair')} ({counts})", file=session.out)
    return 0


def duplicate_json(pair: Duplicate, vault: Vault) -> dict[str, Any]:
    """Return one pair as `kith duplicates --json` writes it."""
    return {
        "keep": pair.keep,
        "other": pair.other,
        "sure": pair.sure,
        "evidence": [{"kind": e.kind, "value": e.value} for e in pair.evidence],
        "files": [vault.by_slug[pair.keep].path, vault.by_slug[pair.other].path],
    }


def run_merge(session: Session) -> int:
    """Plan the merge, print it, and (unless --dry-run) write it all or nothing."""
    settings = session.settings
    loaded = load_checked(settings, cache=open_cache(settings))
    keep = pick(session, session.args.keep, loaded).slug
    other = pick(session, session.args.other, loaded).slug
    with refusals(session):
        plan = plan_merge(
            loaded.vault, settings.root, keep, other, session.today, settings.default_region
        )
    _print_merge(plan, session)
    if session.args.dry_run:
        print(f"kith: dry run: {_files(plan, 'would be ')}; nothing written", file=session.out)
        return 0
    try:
        apply_changes(plan.changes, doing="merging")
    except WriteError as exc:
        raise UserError(str(exc)) from None
    except EditError as exc:  # a planned file no longer loads: the vault changed meanwhile
        raise UserError(exc.message) from None
    print(f"kith: merged {other} into {keep}; {_files(plan)}", file=session.out)
    return 0


def _print_merge(plan: MergePlan, session: Session) -> None:
    keep, other = plan.keep.slug, plan.other.slug
    lines = []
    if plan.filled:
        lines.append(f"filled    {keep}: {', '.join(plan.filled)}")
    for c in plan.conflicts:
        lines.append(f"kept      {keep}: {c.field} {c.kept!r}; {other} has {c.other!r} (noted)")
    if plan.log_added:
        lines.append(f"log       {keep}: {plural(plan.log_added, 'entry', 'entries')} added")
    if plan.ties:
        lines.append(f"ties      {keep}: knows {', '.join(plan.ties)}")
    for slug in plan.repointed:
        lines.append(f"re-tied   {slug}: names {keep} instead of {other}")
    lines.append(f"removed   {plan.other.path}")
    for line in lines:
        print(line, file=session.out)


def _files(plan: MergePlan, would: str = "") -> str:
    return f"{plural(len(plan.changes) - 1, 'file')} {would}written, 1 {would}removed"
