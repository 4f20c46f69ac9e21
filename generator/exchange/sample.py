"""A deterministic synthetic vault: realistic contacts, ties and logs for trying Kith at scale."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field

from ..model import LOG_KINDS, WHYS
from ..project import GITIGNORE, mkdocs_yml
from ..vault.ties import tie_entry
from . import samplewords as words

MAX_TARGETS = 25
TIES_PER_PERSON = (3, 4, 5, 5, 6, 7)  # about five declared ties each, so about 5 N edges
LOCAL_WINDOW = 40  # most ties stay near a person in the ring: clusters, as real networks have
_CIRCLES = (
    ("family", 3, (4, 5)),
    ("friend", 10, (3, 5)),
    ("colleague", 20, (2, 4)),
    ("client", 12, (2, 4)),
    ("acquaintance", 45, (1, 2)),
    ("stranger", 10, (0, 0)),
)
_FOLDERS = {"family": "family/", "friend": "friends/"}
_INFLUENCE_WEIGHTS = (35, 25, 20, 13, 7)
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_PLAIN = re.compile(r"\A[^\W\d_][\w .,'&/-]*[\w.]\Z")


@dataclass
class _Draft:
    """One contact while the sample is being made (mutable; never leaves this module)."""

    slug: str
    name: str
    circle: str
    strength: int
    influence: int
    ties: list[tuple[str, int, str]] = field(default_factory=list)
    target: bool = False
    number: int = 0  # its place in the sample, which makes its phone number its own


def make_sample(count: int, seed: int, today: dt.date) -> dict[str, str]:
    """Return every file of a sample project (mkdocs.yml, people/**/*.md) by relative path."""
    rng = random.Random(seed)
    drafts = _make_drafts(rng, count)
    _pick_targets(rng, drafts)
    _add_ties(rng, drafts)
    files = {
        "mkdocs.yml": _mkdocs_yml(count, seed, today),
        ".gitignore": GITIGNORE,
    }
    for draft in drafts:
        folder = _FOLDERS.get(draft.circle, "")
        files[f"people/{folder}{draft.slug}.md"] = _write_contact(rng, draft, today)
    return dict(sorted(files.items()))


def _mkdocs_yml(count: int, seed: int, today: dt.date) -> str:
    made = f"kith sample --people {count} --seed {seed} --today {today}"
    heading = f"A synthetic Kith vault made by `{made}`."
    options = f"      today: {today}   # the day the sample's log dates count back from\n"
    return mkdocs_yml(heading, f"Kith sample ({count} people)", options)


def slugify(name: str) -> str:
    """Turn a name into a file name: lower case ASCII words joined by hyphens."""
    text = "".join(words.TRANSLITERATE.get(c, c) for c in name.lower().replace("'", ""))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _make_drafts(rng: random.Random, count: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    taken: dict[str, int] = {}
    circles = [c[0] for c in _CIRCLES]
    weights = [c[1] for c in _CIRCLES]
    ranges = {c[0]: c[2] for c in _CIRCLES}
    for _ in range(count):
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        slug = slugify(name)
        taken[slug] = taken.get(slug, 0) + 1
        if taken[slug] > 1:
            slug = f"{slug}-{taken[slug]}"
        circle = rng.choices(circles, weights)[0]
        low, high = ranges[circle]
        influence = rng.choices(range(1, 6), _INFLUENCE_WEIGHTS)[0]
        strength = rng.randint(low, high)
        drafts.append(_Draft(slug, name, circle, strength, influence, number=len(drafts)))
    return drafts


def _pick_targets(rng: random.Random, drafts: list[_Draft]) -> None:
    wanted = min(MAX_TARGETS, max(1, len(drafts) // 8))
    candidates = [d for d in drafts if d.circle != "family"] or drafts
    # Mostly influential people, with a few long shots, as a real target list has.
    ranked = sorted(candidates, key=lambda d: (-d.influence - 2 * rng.random(), d.slug))
    for draft in ranked[:wanted]:
        draft.target = True


def _add_ties(rng: random.Random, drafts: list[_Draft]) -> None:
    count = len(drafts)
    pairs: dict[tuple[int, int], int] = {}
    window = max(1, min(LOCAL_WINDOW, count - 1))
    for index, draft in enumerate(drafts):
        for _ in range(min(rng.choice(TIES_PER_PERSON), count - 1)):
            for _attempt in range(5):
                if rng.random() < 0.7:
                    other = (index + rng.randint(1, window)) % count
                else:
                    other = rng.randrange(count)
                key = (min(index, other), max(index, other))
                if other != index and key not in pairs:
                    pairs[key] = index
                    how = rng.choice(words.HOW) if rng.random() < 0.3 else ""
                    draft.ties.append((drafts[other].slug, rng.randint(1, 5), how))
                    break
    # Some ties are declared from both ends, as happens when two files are edited apart.
    for (a, b), declared_by in pairs.items():
        if rng.random() < 0.03:
            other = b if declared_by == a else a
            drafts[other].ties.append((drafts[declared_by].slug, rng.randint(1, 5), ""))


def _write_contact(rng: random.Random, draft: _Draft, today: dt.date) -> str:
    lines = ["---", *_front_matter(rng, draft, today), "---"]
    lines.append(_notes(rng))
    lines.append("")
    lines.extend(_log(rng, draft, today))
    if rng.random() < 0.1:
        lines.extend(["", "## Private", "Family matters and salary band: never on the site."])
    return "\n".join(lines) + "\n"


def _front_matter(rng: random.Random, draft: _Draft, today: dt.date) -> list[str]:
    company = f"{rng.choice(words.COMPANY_FIRST)} {rng.choice(words.COMPANY_SECOND)}"
    out = [
        f"name: {_scalar(draft.name)}",
        f"circle: {draft.circle}",
        f"strength: {draft.strength}",
        f"influence: {draft.influence}",
    ]
    if draft.target:
        out.extend(["target: true", f"why: {rng.choice(WHYS)}"])
    if rng.random() < 0.05:
        out.append(f"cadence: {rng.choice((0, 21, 45, 60))}")
    if draft.circle != "family" or rng.random() < 0.5:
        out.extend([f"company: {_scalar(company)}", f"role: {_scalar(rng.choice(words.ROLES))}"])
    domain = slugify(company).replace("-", "") + ".example"
    # From the slug, not the name: two Camille Patels at one company have two addresses.
    out.append(f"email: {draft.slug.replace('-', '.')}@{domain}")
    if rng.random() < 0.6:
        rng.randint(100, 9999)  # drawn as before, so the rest of the sample stays as it was
        # Every number its own (up to 10,000 people, even its last seven digits): a number
        # two people share is taken for one person twice.
        area, line = divmod(draft.number, 10_000)
        out.append(f'phone: "+1 {201 + area % 700} 555 {line:04d}"')
    out.append(f"location: {_scalar(rng.choice(words.CITIES))}")
    if rng.random() < 0.4:
        out.append(f"linkedin: https://www.linkedin.com/in/{draft.slug}")
    tags = rng.sample(words.TAGS, rng.randint(0, 3))
    if tags:
        out.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.2:
        born = dt.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        out.append(f"birthday: {born.isoformat()}")
    if rng.random() < 0.05:
        out.append(f"last_contact: {(today - dt.timedelta(days=rng.randint(1, 900))).isoformat()}")
    out.extend(_knows(rng, draft))
    return out


def _knows(rng: random.Random, draft: _Draft) -> list[str]:
    if not draft.ties:
        return []
    if rng.random() < 0.15:
        return [f"knows: [{', '.join(slug for slug, _, _ in draft.ties)}]"]
    out = ["knows:"]
    out.extend(f"  {tie_entry(slug, strength, how)}" for slug, strength, how in draft.ties)
    return out


def _notes(rng: random.Random) -> str:
    fill = {
        "where": rng.choice(words.PLACES).format(city=rng.choice(words.CITIES)),
        "tag": rng.choice(words.TAGS),
        "city": rng.choice(words.CITIES),
        "topic": rng.choice(words.TOPICS),
    }
    sentences = rng.sample(words.NOTE_SENTENCES, rng.randint(3, 5))
    text = " ".join(s.format(**fill) for s in sentences)
    if rng.random() < 0.2:
        text += " See [their site](https://example.com/about)."
    if rng.random() < 0.3:
        interests = rng.sample(words.INTERESTS, 2)
        text += "\n\n### Interests\n" + "".join(f"- {i}\n" for i in interests).rstrip("\n")
    return text


def _log(rng: random.Random, draft: _Draft, today: dt.date) -> list[str]:
    count = 0 if rng.random() < 0.08 else rng.randint(3, 11)
    if draft.circle == "stranger" and rng.random() < 0.7:
        count = 0
    days = sorted((rng.randint(1, 1095) for _ in range(count)), reverse=True)
    out = ["## Log"]
    for ago in days:
        kind = rng.choice(LOG_KINDS)
        extra = rng.random()
        tags = ("ask, " if extra < 0.08 else "give, " if extra < 0.2 else "") + kind
        text = f"{rng.choice(words.VERBS[kind])} {rng.choice(words.TOPICS)}"
        out.append(f"- {(today - dt.timedelta(days=ago)).isoformat()} ({tags}): {text}")
        if rng.random() < 0.04:
            out.append("  and agreed to talk again next month")
    return out


def _scalar(text: str) -> str:
    """Write a string as a plain YAML scalar when that is safe, else as a quoted one."""
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)
