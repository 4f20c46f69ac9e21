"""Settings: the `kith` section of `mkdocs.yml`, read the same way by the plugin and the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .model import CAN_BE_PRIVATE, CIRCLES, KNOWN_FIELDS, MAX_CADENCE, not_utf8
from .thresholds import THRESHOLD_KEYS, ThresholdError, Thresholds, thresholds_from_mapping

DEFAULT_CADENCE: Mapping[str, int] = MappingProxyType(
    {"family": 14, "friend": 30, "client": 30, "colleague": 60, "acquaintance": 90, "stranger": 0}
)


class SettingsError(Exception):
    """The `kith` section of mkdocs.yml (or the file itself) is wrong."""


@dataclass(frozen=True, slots=True)
class Me:
    """The owner's own addresses, numbers and names: who "you" are in mail, calls and chats."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob Kith has; defaults are the method's."""

    root: Path = Path(".")
    people: Path = Path("people")
    templates: Path | None = None
    today: dt.date | None = None
    cadence: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    target_cadence: int = 45
    private_fields: tuple[str, ...] = ("email", "phone", "location")
    history: bool = True  # show the git history of people/ on the pages
    help: bool = False  # publish the manual as the site's Help pages
    default_region: str | None = None  # the country of phone numbers written without one (GB)
    timezone: str | None = None  # IANA name; None: the system's, which the CLI reads at its edge
    me: Me = field(default_factory=lambda: Me())
    notes: tuple[Path, ...] = ()  # folders of Markdown notes `kith capture notes` reads
    max_recipients: int = 20  # mail or meetings with more people than this are not captured
    site_name: str = "Kith"
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def cache_dir(self) -> Path:
        """Where Kith keeps what it can always rebuild: parsed contacts, pages for `--dirty`."""
        return self.root / ".cache" / "kith"

    def cadence_for(self, circle: str, target: bool, explicit: int | None) -> int:
        """Return the days between touches for a contact; 0 means never remind."""
        if explicit is not None:
            return explicit
        by_circle = self.cadence.get(circle, 0)
        if target:
            return min(by_circle, self.target_cadence) if by_circle else self.target_cadence
        return by_circle


_KEYS = {f.name for f in dataclasses.fields(Settings)} - {"site_name", "root", "thresholds"}
_KEYS |= set(THRESHOLD_KEYS)


def settings_from_mapping(raw: Mapping[str, Any] | None, base_dir: Path) -> Settings:
    """Validate the plugin's options; paths are made absolute against `base_dir`."""
    raw = dict(raw or {})
    unknown = sorted(set(raw) - _KEYS - {"enabled"})
    if unknown:
        raise SettingsError(f"unknown kith setting(s): {', '.join(unknown)}")
    values: dict[str, Any] = {"root": base_dir}
    values["people"] = base_dir / _str(raw, "people", "people")
    if raw.get("templates") is not None:
        values["templates"] = base_dir / _str(raw, "templates", "")
    if raw.get("today") is not None:
        values["today"] = parse_today(raw["today"], "today")
    values["cadence"] = _cadence(raw.get("cadence"))
    values["target_cadence"] = _days(raw.get("target_cadence", 45), "target_cadence")
    for flag in ("history", "help"):
        if flag in raw:
            values[flag] = _flag(raw[flag], flag)
    if raw.get("default_region") is not None:
        values["default_region"] = _region(raw["default_region"])
    if "private_fields" in raw:
        values["private_fields"] = _private_fields(raw["private_fields"])
    values.update(_capture_settings(raw, base_dir))
    try:
        values["thresholds"] = thresholds_from_mapping(raw)
    except ThresholdError as exc:
        raise SettingsError(str(exc)) from None
    return Settings(**values)


def _str(raw: Mapping[str, Any], key: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value:
        raise SettingsError(f"kith setting '{key}' must be a path (got {value!r})")
    return value


def _days(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CADENCE:
        raise SettingsError(
            f"kith setting '{name}' must be a whole number of days from 0 to {MAX_CADENCE} "
            f"(got {value!r})"
        )
    return value


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"kith setting '{name}' must be true or false (got {value!r})")
    return value


def _region(value: object) -> str:
    """A two-letter country code the phone number library knows (GB, US, FR...)."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) == 2 and code.isalpha() and code.isascii():
        import phonenumbers  # only when the setting is given: most commands never need it

        if code in phonenumbers.SUPPORTED_REGIONS:
            return code
    raise SettingsError(
        f"kith setting 'default_region' must be a two-letter country code such as GB, US or FR "
        f"(got {value!r})"
    )


def _capture_settings(raw: Mapping[str, Any], base_dir: Path) -> dict[str, Any]:
    """Read the settings of `kith capture`: timezone, me, notes, max_recipients."""
    values: dict[str, Any] = {}
    if raw.get("timezone") is not None:
        values["timezone"] = check_timezone(raw["timezone"], "kith setting 'timezone'")
    if raw.get("me") is not None:
        values["me"] = _me(raw["me"])
    if raw.get("notes") is not None:
        values["notes"] = tuple(base_dir / folder for folder in _strings(raw["notes"], "notes"))
    if "max_recipients" in raw:
        value = raw["max_recipients"]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
            raise SettingsError(
                f"kith setting 'max_recipients' must be a whole number from 1 to 1000 "
                f"(got {value!r})"
            )
        values["max_recipients"] = value
    return values


def check_timezone(value: object, name: str) -> str:
    """Return an IANA time zone name the system knows (Europe/Madrid); refuse anything else."""
    import zoneinfo  # only when a time zone is named

    if isinstance(value, str) and value.strip():
        try:
            zoneinfo.ZoneInfo(value.strip())
            return value.strip()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    raise SettingsError(
        f"{name} must be a time zone name such as Europe/Madrid or America/New_York (got {value!r})"
    )


def _me(value: object) -> Me:
    if not isinstance(value, Mapping):
        raise SettingsError(
            f"kith setting 'me' must map emails, phones and names to lists (got {value!r})"
        )
    unknown = sorted(str(k) for k in value if k not in ("emails", "phones", "names"))
    if unknown:
        raise SettingsError(
            f"kith setting 'me' has unknown key(s) {', '.join(unknown)} "
            "(it takes emails, phones and names)"
        )
    lists = {key: _strings(value.get(key), f"me.{key}") for key in ("emails", "phones", "names")}
    return Me(**lists)


def _strings(value: object, name: str) -> tuple[str, ...]:
    """A list of non-empty strings (one string alone is a list of one)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise SettingsError(f"kith setting '{name}' must be a list of texts (got {value!r})")
    return tuple(v.strip() for v in items)


def _cadence(value: object) -> dict[str, int]:
    result = dict(DEFAULT_CADENCE)
    if value is None:
        return result
    if not isinstance(value, Mapping):
        raise SettingsError(f"kith setting 'cadence' must map circles to days (got {value!r})")
    for circle, days in value.items():
        if circle not in CIRCLES:
            raise SettingsError(
                f"kith setting 'cadence' names an unknown circle {circle!r} "
                f"(one of {', '.join(CIRCLES)})"
            )
        result[circle] = 0 if days is None else _days(days, f"cadence.{circle}")
    return result


def _private_fields(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SettingsError(
            f"kith setting 'private_fields' must be a list of field names (got {value!r})"
        )
    return normalize_private_fields(value)


ALWAYS_SHOWN = tuple(f for f in KNOWN_FIELDS if f not in CAN_BE_PRIVATE)


def normalize_private_fields(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Return the names lower-cased and deduplicated; refuse fields every page needs."""
    folded = tuple(dict.fromkeys(name.strip().casefold() for name in names))
    fixed = [name for name in folded if name in ALWAYS_SHOWN]
    if fixed:
        raise SettingsError(
            f"kith setting 'private_fields': {', '.join(repr(f) for f in fixed)} cannot be "
            f"private: the site is built from {'it' if len(fixed) == 1 else 'them'} (private "
            f"fields can be {', '.join(CAN_BE_PRIVATE)}, or any field of your own)"
        )
    return folded


def parse_today(value: object, name: str = "--today") -> dt.date:
    """Accept a date or a YYYY-MM-DD string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingsError(f"{name} must be a date YYYY-MM-DD (got {value!r})") from None


def resolve_today(
    explicit: str | None, settings: Settings, environ: Mapping[str, str], clock: dt.date
) -> dt.date:
    """Pick the date to build for: --today, SOURCE_DATE_EPOCH, the `today` setting, the clock."""
    if explicit:
        return parse_today(explicit)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise SettingsError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970 (got {epoch!r})"
            ) from None
    if settings.today is not None:
        return settings.today
    return clock


class _LenientLoader(yaml.SafeLoader):
    """Read mkdocs.yml without running its `!!python/name` or `!ENV` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_LenientLoader.add_multi_constructor("", _ignore_tag)
_CLoader: Any = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:  # libyaml parses the demo's mkdocs.yml in 0.17 ms, PyYAML in 1.7 ms

    class _FastLenientLoader(_CLoader):  # type: ignore[misc]
        """The same, parsed by libyaml; what it refuses is read again by `_LenientLoader`."""

    _FastLenientLoader.add_multi_constructor("", _ignore_tag)


def read_mkdocs_yaml(config_file: Path) -> dict[str, Any]:
    """Read an mkdocs.yml as plain data (tags such as `!ENV` read as nothing)."""
    try:
        raw = config_file.read_bytes()
    except OSError as exc:
        raise SettingsError(f"{config_file}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, byte = not_utf8(exc)
        raise SettingsError(
            f"{config_file}:{line}: file is not UTF-8 (byte {byte}); save it as UTF-8"
        ) from None
    if _CLoader is not None:
        try:
            data = yaml.load(text, Loader=_FastLenientLoader)
        except (yaml.YAMLError, ValueError):
            pass  # PyYAML's own parser says what is wrong, with the line itself, below
        else:
            return data if isinstance(data, dict) else {}
    try:
        data = yaml.load(text, Loader=_LenientLoader)
    except yaml.YAMLError as exc:
        raise SettingsError(f"{config_file}: not valid YAML ({exc})") from None
    except ValueError as exc:  # PyYAML reads 2026-02-30 as a date, then cannot build it
        found = _impossible_date(text)
        if found is None:
            raise SettingsError(f"{config_file}: not valid YAML ({exc})") from None
        raise SettingsError(f"{config_file}:{found[0]}: date {found[1]} does not exist") from None
    return data if isinstance(data, dict) else {}


def _impossible_date(text: str) -> tuple[int, str] | None:
    """Find the first value YAML reads as a date that does not exist: its line and text."""
    stack = [yaml.compose(text, Loader=_LenientLoader)]
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                dt.date.fromisoformat(node.value[:10])
            except ValueError:
                return node.start_mark.line + 1, node.value
        elif isinstance(node, yaml.MappingNode):
            stack[:0] = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack[:0] = list(node.value)
    return None


def read_mkdocs_settings(config_file: Path) -> Settings:
    """Read the `kith` plugin section of an mkdocs.yml, as the plugin would see it."""
    data = read_mkdocs_yaml(config_file)
    options: Mapping[str, Any] | None = None
    for entry in data.get("plugins") or []:
        if entry == "kith":
            options = {}
        elif isinstance(entry, dict) and "kith" in entry:
            options = entry["kith"] or {}
    if isinstance(data.get("plugins"), dict) and "kith" in data["plugins"]:
        options = data["plugins"]["kith"] or {}
    settings = settings_from_mapping(options, config_file.parent)
    site_name = data.get("site_name")
    if isinstance(site_name, str) and site_name:
        settings = dataclasses.replace(settings, site_name=site_name)
    return settings
