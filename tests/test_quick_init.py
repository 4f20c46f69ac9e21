"""model.quick_init: a record's faster __init__ makes exactly what the dataclass's own made."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator.model import Interaction, Person, Tie, quick_init


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    a: str
    b: int = 2
    c: tuple[str, ...] = ()


Quick = quick_init(
    dataclasses.make_dataclass(
        "Quick",
        [("a", str), ("b", int, dataclasses.field(default=2)), ("c", tuple, ())],
        frozen=True,
        slots=True,
    )
)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("x",), {}), (("x", 5), {}), (("x",), {"c": ("y",)}), ((), {"a": "x", "b": 7, "c": ()})],
)
def test_the_same_values_from_the_same_arguments(args: tuple[object, ...], kwargs: dict) -> None:
    plain, quick = Plain(*args, **kwargs), Quick(*args, **kwargs)
    assert dataclasses.astuple(plain) == dataclasses.astuple(quick)
    assert repr(quick) == repr(plain).replace("Plain", "Quick")


def test_a_quick_record_stays_frozen_and_checks_its_arguments() -> None:
    quick = Quick("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.a = "y"  # type: ignore[misc]
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        Quick()
    with pytest.raises(TypeError, match="unexpected keyword argument 'd'"):
        Quick("x", d=1)
    assert dataclasses.replace(quick, b=3) == Quick("x", 3)


def test_kiths_records_are_quick_and_equal_to_what_their_fields_say() -> None:
    day = dt.date(2026, 11, 25)
    entry = Interaction(day, "coffee", ("call",), next=day)
    person = Person("ada", "people/ada.md", "Ada", ties=(Tie("bob", 3),), log=(entry,))
    assert Person.__init__.__code__.co_filename == "<kith __init__ of Person>"
    assert (entry.date, entry.text, entry.tags, entry.line, entry.next) == (
        day,
        "coffee",
        ("call",),
        0,
        day,
    )
    assert person.circle == "acquaintance" and person.log == (entry,)
    assert person == Person("ada", "people/ada.md", "Ada", ties=(Tie("bob", 3),), log=(entry,))


def test_a_record_quick_init_cannot_serve_is_refused_at_once() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Made:
        items: list[str] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            raise ValueError

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    for kind in (Made, Checked, NoSlots):
        with pytest.raises(TypeError, match=f"cannot make the __init__ of .*{kind.__name__}"):
            quick_init(kind)
