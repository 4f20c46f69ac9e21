"""`kith capture telegram`: days of chat and calls, from Telegram Desktop's JSON export.

Telegram Desktop writes `result.json`: one chat ("Export chat history", JSON) or the whole
account ("Export Telegram data", with `personal_information` and `chats.list`). Personal chats
and groups count; channels, bots and saved messages do not, nor what a channel or a group
posts in a group under its own name. Calls (service messages with the `phone_call` action)
count as calls when answered. Only dates, authors and call lengths are read; message text is
passed over.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .chats import ChatLine, author_handle, chat_touches
from .context import Context, looks_binary
from .touches import Findings, Touch, refuse

_SKIPPED_TYPES = frozenset(
    {"public_channel", "private_channel", "bot_chat", "saved_messages", "channel"}
)
_NOT_ANSWERED = frozenset({"missed", "busy", "declined"})


def read_telegram(path: Path, ctx: Context) -> Findings:
    """Read a `result.json` (or the export folder holding it) into days of chat and calls."""
    if path.is_dir():
        path = path / "result.json"
    rel = ctx.rel(path)
    data = _load(path, rel)
    me = data.get("personal_information", {}) if isinstance(data, dict) else {}
    me_id = f"user{me['user_id']}" if isinstance(me, dict) and "user_id" in me else ""
    found = Findings()
    for chat in _chats(data, rel):
        if not isinstance(chat, dict) or chat.get("type") in _SKIPPED_TYPES:
            continue
        _read_chat(chat, me_id, rel, ctx, found)
    return found


def _load(path: Path, rel: str) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(rel, 0, f"cannot read ({exc.strerror})") from None
    if looks_binary(data):
        raise refuse(rel, 0, "not a Telegram export (it holds binary data)")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise refuse(rel, exc.lineno, f"not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise refuse(rel, 0, "not a Telegram export: the text is not UTF-8") from None


def _chats(data: Any, rel: str) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("chats"), dict):
        chats = list(data["chats"].get("list") or [])
        left = data.get("left_chats")
        if isinstance(left, dict):
            chats.extend(left.get("list") or [])
        return chats
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return [data]
    raise refuse(
        rel, 1, "not a Telegram Desktop export: it has neither 'messages' nor 'chats' (use JSON)"
    )


def _read_chat(chat: dict[str, Any], me_id: str, rel: str, ctx: Context, found: Findings) -> None:
    personal = chat.get("type") == "personal_chat"
    partner = str(chat.get("name") or "") if personal else ""
    named = chat.get("name") or chat.get("id")
    where = f"{rel} (chat {named!s})" if named is not None else rel
    lines: list[ChatLine] = []
    for message in chat.get("messages") or []:
        if not isinstance(message, dict):
            continue
        day = _day(message, ctx)
        if day is None:
            found.warn(where, 0, f"message {message.get('id')}: cannot read its date; left out")
            continue
        if message.get("type") == "message" and message.get("from") and _by_person(message):
            mine = bool(me_id) and message.get("from_id") == me_id
            lines.append(ChatLine(int(message.get("id") or 0), day, str(message["from"]), mine))
        elif message.get("action") == "phone_call" and partner:
            _call(message, day, partner, me_id, chat, ctx, found)
    chat_touches(lines, where, "Telegram message", ctx, found, partner)


def _by_person(message: dict[str, Any]) -> bool:
    """Tell a person's message from a channel's or a group's own (`from_id: channel123`)."""
    return not str(message.get("from_id") or "").startswith("channel")


def _call(
    message: dict[str, Any],
    day: dt.date,
    partner: str,
    me_id: str,
    chat: dict[str, Any],
    ctx: Context,
    found: Findings,
) -> None:
    seconds = message.get("duration_seconds")
    if (
        message.get("discard_reason") in _NOT_ANSWERED
        or not isinstance(seconds, int)
        or not seconds
    ):
        found.skip("missed and rejected calls")
        return
    if not ctx.window.holds(day):
        return
    found.touches.append(
        Touch(
            key=f"call|{chat.get('id')}|{message.get('id')}",
            date=day,
            people=(author_handle(partner),),
            tag="call",
            label="Telegram call",
            single=True,
            seconds=seconds,
            outgoing=bool(me_id) and message.get("actor_id") == me_id,
        )
    )


def _day(message: dict[str, Any], ctx: Context) -> dt.date | None:
    stamp = message.get("date_unixtime")
    try:
        if stamp is not None:
            return ctx.window.day_of(dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC))
        return dt.datetime.fromisoformat(str(message.get("date"))).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None
