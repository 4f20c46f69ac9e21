"""Split a contact file into front matter and body, keeping exact line numbers.

python-frontmatter is not used: it strips the text it splits, so the line of a YAML error in the
file can no longer be told, and it offers no way to keep the bytes an edit must not touch.
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Split:
    """A contact file cut in two; `body_line` is the file line where the body starts."""

    front: str
    body: str
    body_line: int
    # `...` ends the YAML document; most front-matter tools want `---`.
    closed_with_dots: bool = False


class SplitError(Exception):
    """The file has no usable front matter block."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def split_front_matter(text: str) -> Split:
    """Cut `---`-fenced YAML front matter off the body; the front matter starts on line 2."""
    if text.startswith(BOM):
        text = text[1:]
    first, sep, rest = text.partition("\n")
    if first.rstrip() != "---":
        raise SplitError(1, "no front matter: the file must start with a '---' line")
    if not sep:
        raise SplitError(1, "front matter is not closed: add a '---' line after the fields")
    pos = 0
    line = 2
    while True:
        end = rest.find("\n", pos)
        current = rest[pos:] if end < 0 else rest[pos:end]
        if current.rstrip() in ("---", "..."):
            body = "" if end < 0 else rest[end + 1 :]
            return Split(rest[:pos], body, line + 1, current.rstrip() == "...")
        if end < 0:
            raise SplitError(1, "front matter is not closed: add a '---' line after the fields")
        pos = end + 1
        line += 1
