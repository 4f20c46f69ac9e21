"""What every page's <head> starts with: noindex, no referrer, and a same-origin content policy.

Inline scripts are allowed by hash, and only the theme's own: a script that reached a page from a
contact file would not run even if escaping ever failed.
"""

from __future__ import annotations

import base64
import hashlib
import re

ROBOTS = '<meta name="robots" content="noindex, nofollow">'
# Following a link (a LinkedIn profile, a link in the notes) must not tell the other site which
# private page it came from.
REFERRER = '<meta name="referrer" content="no-referrer">'
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_JS_TYPES = ("", "text/javascript", "application/javascript", "module")
# After the charset, which browsers look for in the first 1024 bytes only.
_HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta charset=[^>]*>)?", re.IGNORECASE)


def content_policy(script_hashes: tuple[str, ...] | None, nonce: str = "") -> str:
    """Return the policy: everything from the site itself; inline scripts by hash when given.

    A nonce allows one more inline script: the live-reload script `mkdocs serve` injects.
    """
    allowed = [f"'nonce-{nonce}'"] if nonce else []
    if script_hashes is None:
        allowed.append("'unsafe-inline'")
    else:
        allowed.extend(script_hashes)
    scripts = " ".join(allowed)
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {scripts}".rstrip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


def inline_script_hashes(html: str) -> tuple[str, ...]:
    """Return the CSP hash source of each inline script in the HTML, sorted."""
    found: set[str] = set()
    for match in _SCRIPT.finditer(html):
        attributes, body = match.groups()
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _JS_TYPES):
            continue  # a file (allowed as 'self') or data such as Material's JSON config
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        found.add(f"'sha256-{digest}'")
    return tuple(sorted(found))


def privacy_head(script_hashes: tuple[str, ...] | None, nonce: str = "") -> str:
    """Return the meta tags that open every page's <head>."""
    policy = content_policy(script_hashes, nonce)
    return f'{ROBOTS}{REFERRER}<meta http-equiv="Content-Security-Policy" content="{policy}">'


def add_privacy_head(html: str, script_hashes: tuple[str, ...] | None, nonce: str = "") -> str:
    """Put the privacy meta tags at the top of <head>; text without a <head> is left alone."""
    match = _HEAD.search(html)
    if match is None:
        return html
    return html[: match.end()] + privacy_head(script_hashes, nonce) + html[match.end() :]


def add_nonce_to_last_script(html: bytes, nonce: str) -> bytes:
    """Give the last `<script>` of a page the nonce (where `mkdocs serve` puts live reload)."""
    at = html.rfind(b"<script>")
    if at < 0:
        return html
    return html[:at] + f'<script nonce="{nonce}">'.encode() + html[at + len(b"<script>") :]
