"""What keeps a generated site private in any engine: the head every page starts with."""

from __future__ import annotations

PRIVACY_HEAD = (
    '<meta name="robots" content="noindex, nofollow">'
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
    "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'\">"
)
