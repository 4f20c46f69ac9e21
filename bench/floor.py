"""The floor: read every contact file and parse its front matter with libyaml, nothing else.

Usage: python bench/floor.py PEOPLE_DIR. Prints the number of files parsed.
"""

from __future__ import annotations

import os
import sys

import yaml


def main(people: str) -> int:
    """Parse every front matter under `people`; return how many files were read."""
    count = 0
    for dirpath, _dirnames, filenames in os.walk(people):
        for name in filenames:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(dirpath, name), "rb") as handle:
                text = handle.read().decode("utf-8")
            _, front, _ = text.split("---\n", 2)
            yaml.load(front, Loader=yaml.CSafeLoader)
            count += 1
    return count


if __name__ == "__main__":
    print(main(sys.argv[1]))
