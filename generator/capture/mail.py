"""`kith capture mail`: who wrote to whom, from mbox files and Maildir folders, headers only.

Only From, To, Cc, Bcc, Date, Subject, Message-ID and the headers that mark bulk mail are read
(RFC 2047 encoded words decoded); bodies are never kept. A message you wrote counts for each
recipient; a message you received counts for its sender. Mailing lists, bulk and automatic
mail, spam, trash and drafts, and mail to more than `max_recipients` people are left out.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.header
import email.utils
import re
from collections.abc import Iterator
from pathlib import Path

from .context import Context, looks_binary, read_prefix
from .mailbox import RawMessage, iter_maildir, iter_mbox
from .touches import EMAIL, Findings, Handle, Touch, clean_text, refuse

_WANTED = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "date",
        "subject",
        "message-id",
        "list-id",
        "list-unsubscribe",
        "precedence",
        "auto-submitted",
        "x-gmail-labels",
        "x-mozilla-status",
    }
)
_NOT_SENT = frozenset({"spam", "trash", "drafts", "draft"})
_DELETED = 0x0008  # Thunderbird's X-Mozilla-Status flag of a deleted message


def read_mail(path: Path, ctx: Context) -> Findings:
    """Read an mbox file or a Maildir folder into one touch per message."""
    found = Findings()
    for message in _messages(path, ctx):
        touch = _touch(message, ctx, found)
        if touch is not None and ctx.window.holds(touch.date):
            found.touches.append(touch)
    return found


def _messages(path: Path, ctx: Context) -> Iterator[RawMessage]:
    rel = ctx.rel(path)
    if path.is_dir():
        return iter_maildir(path, ctx.rel, ctx.advance)
    head = read_prefix(path)
    if looks_binary(head):
        raise refuse(rel, 0, "not a mailbox (it holds binary data)")
    if not head.lstrip(b"\r\n").startswith(b"From "):
        raise refuse(
            rel,
            1,
            "not an mbox file: it must start with a 'From ' line (for a Maildir, give the folder)",
        )
    return iter_mbox(path, rel, ctx.advance)


def parse_headers(block: bytes) -> dict[str, str]:
    """Return the wanted headers of a header block, unfolded, the first of each name."""
    text = _decode_raw(block)
    headers: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if line[:1] in (" ", "\t"):
            if name:
                headers[name] += " " + line.strip()
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if colon and key in _WANTED and key not in headers:
            name = key
            headers[key] = value.strip()
        else:
            name = ""
    return headers


def _decode_raw(block: bytes) -> str:
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError:
        return block.decode("latin-1")  # 8-bit headers in no declared charset


def decode_words(value: str) -> tuple[str, str]:
    """Decode RFC 2047 encoded words; return the text and a charset it did not know ('')."""
    if "=?" not in value:
        return value, ""
    try:
        parts = email.header.decode_header(value)
    except (ValueError, email.errors.HeaderParseError):
        return value, ""
    out: list[str] = []
    unknown = ""
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "ascii", "replace"))
        except LookupError:
            unknown = unknown or str(charset)
            out.append(chunk.decode("latin-1"))
    return "".join(out), unknown


def _touch(message: RawMessage, ctx: Context, found: Findings) -> Touch | None:
    where = f"message {message.number}" if message.number else "the message"
    if message.cut:
        found.warn(message.where, message.line, f"{where} is cut off inside its headers; left out")
        return None
    headers = parse_headers(message.headers)
    why = _bulk(headers, ctx.max_people)
    if why:
        found.skip(why)
        return None
    moment = _date(headers.get("date", ""))
    if moment is None:
        raw = headers.get("date", "")
        problem = f"cannot read its date {raw!r}" if raw else "has no Date header"
        found.warn(message.where, message.line, f"{where} {problem}; left out")
        return None
    sender = _addresses(headers.get("from", ""))
    recipients = _recipients(headers)
    people, outgoing = _people(sender, recipients, ctx)
    if not people:
        return None
    subject, unknown = decode_words(headers.get("subject", ""))
    if unknown:
        found.warn(message.where, message.line, f"{where}: unknown charset {unknown!r} in Subject")
    key = headers.get("message-id", "").strip() or "|".join(
        headers.get(h, "") for h in ("date", "from", "subject")
    )
    return Touch(
        key=key,
        date=ctx.window.day_of(moment),
        people=people,
        tag="email",
        label="message",
        subject=clean_text(subject) if ctx.subjects else "",
        outgoing=outgoing,
        time=moment.timestamp() if moment.tzinfo is not None else 0.0,
    )


def _bulk(headers: dict[str, str], max_people: int) -> str:
    """Say why a message is not one person writing to another ('' when it is)."""
    if "list-id" in headers or "list-unsubscribe" in headers:
        return "mailing-list mail"
    if headers.get("precedence", "").strip().lower() in ("bulk", "list", "junk"):
        return "bulk mail"
    if headers.get("auto-submitted", "no").strip().lower() != "no":
        return "automatic mail"
    labels = {label.strip().lower() for label in headers.get("x-gmail-labels", "").split(",")}
    if labels & _NOT_SENT:
        return "spam, trash and drafts"
    status = headers.get("x-mozilla-status", "").strip()
    if re.fullmatch(r"[0-9a-fA-F]{1,8}", status) and int(status, 16) & _DELETED:
        return "deleted mail"
    count = len(_recipients(headers))
    if count > max_people:
        return f"mail to more than {max_people} people"
    return ""


def _recipients(headers: dict[str, str]) -> list[Handle]:
    """Return whom a message went to: To, Cc and Bcc (your own copy of a message you sent keeps
    its Bcc; a message you receive has none, or names only you)."""
    return _addresses(headers.get("to", ""), headers.get("cc", ""), headers.get("bcc", ""))


def _date(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# The display name is words between spaces, so no run of spaces can be split two ways (a lazy
# `[^…]*?` before `\s*<` made a header of 4,000 spaces take 19 s: cubic time).
_NAME = r"[^<>@\"(),;:\\\s]+(?:\s+[^<>@\"(),;:\\\s]+)*"
_ADDRESS = r"[^<>\s\"(),;:]+@[^<>\s\"(),;:]+"
_PLAIN = re.compile(rf"^\s*(?:(?:({_NAME})\s*)?<({_ADDRESS})>|({_ADDRESS}))\s*$")


def _addresses(*fields: str) -> list[Handle]:
    """Read the addresses of From/To/Cc/Bcc; plain ones by a pattern, the rest by `email.utils`."""
    handles: list[Handle] = []
    for field in fields:
        if not field:
            continue
        parts = [_PLAIN.match(part) for part in field.split(",")]
        if all(parts) and "=?" not in field:
            for match in parts:
                assert match is not None
                name, address = match.group(1) or "", match.group(2) or match.group(3)
                handles.append(Handle(EMAIL, address, clean_text(name)))
        else:
            handles.extend(_parsed_addresses(field))
    return handles


def _parsed_addresses(*fields: str) -> list[Handle]:
    handles: list[Handle] = []
    for name, address in email.utils.getaddresses([f for f in fields if f]):
        address = address.strip()
        if "@" not in address:
            continue
        label = clean_text(decode_words(name)[0]) if name else ""
        handles.append(Handle(EMAIL, address, label))
    return handles


def _people(
    sender: list[Handle], recipients: list[Handle], ctx: Context
) -> tuple[tuple[Handle, ...], bool]:
    """Who the message was with: its recipients when you wrote it, else its sender."""
    owner = ctx.owner
    if sender and owner.is_me(sender[0]):
        others = [h for h in recipients if not owner.is_me(h)]
        return tuple(dict.fromkeys(others)), True
    if not owner.emails:  # who "you" are is unknown: everyone on the message
        return tuple(dict.fromkeys([*sender, *recipients])), False
    return tuple(sender[:1]), False
