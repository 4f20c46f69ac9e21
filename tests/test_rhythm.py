"""Each tie's own rhythm, fading before it decays, and the rank of every follow-up list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import random
import statistics
from fractions import Fraction

from analysis_helpers import TODAY, analyze_case

from generator.analysis.cadence import describe_contact
from generator.analysis.followups import find_follow_ups
from generator.analysis.phrases import times
from generator.analysis.priority import priority_key
from generator.analysis.rhythm import find_rhythm, years_before
from generator.model import Interaction, Person
from generator.settings import Settings
from generator.thresholds import Thresholds


def _log(*days: str) -> tuple[Interaction, ...]:
    return tuple(Interaction(dt.date.fromisoformat(day), "x") for day in days)


def test_the_rhythm_is_the_median_of_the_recent_gaps_worked_by_hand() -> None:
    contacts = analyze_case("method").contacts
    # Margaret: the last 7 days are 09-13, 09-27, 10-04, 10-11, 10-18, 10-20, 11-15, so the
    # gaps 14, 7, 7, 7, 2, 26 sort to 2 7 7 7 14 26: the middle two are 7 and 7.
    # Lena: 10 10 11 9 10 11 -> 9 10 10 10 11 11 -> 10. Jo: four gaps of 7 -> 7.
    # Sam: 42 47 92 -> 47. Gina: 19 25 17 61 -> 17 19 25 61 -> (19 + 25) / 2 = 22.
    rhythms = {s: contacts[s].rhythm for s in ("margaret-hale", "lena-brandt", "jo-park")}
    assert rhythms == {"margaret-hale": 7, "lena-brandt": 10, "jo-park": 7}
    assert (contacts["sam-lee"].rhythm, contacts["gina-marsh"].rhythm) == (47, 22)
    # Three days with an entry are too few (rhythm_interactions is 4).
    assert contacts["hector-ruiz"].rhythm is None


def test_an_even_middle_rounds_up_and_one_day_counts_once() -> None:
    limits = Thresholds()
    # Gaps 3, 4, 5: the median is 4.
    odd = _log("2026-01-01", "2026-01-04", "2026-01-08", "2026-01-13")
    assert find_rhythm(odd, TODAY, limits) == 4
    even = _log("2026-01-01", "2026-01-04", "2026-01-08", "2026-01-13", "2026-01-19")
    assert find_rhythm(even, TODAY, limits) == 5  # gaps 3 4 5 6: (4 + 5) / 2 = 4.5 -> 5
    twice = _log("2026-01-01", "2026-01-01", "2026-01-04", "2026-01-08")
    assert find_rhythm(twice, TODAY, limits) is None  # three days, not four
    future = _log("2026-01-01", "2026-01-04", "2026-01-08", "2027-01-13")
    assert find_rhythm(future, TODAY, limits) is None  # not happened yet


def _naive_rhythm(days: list[dt.date], today: dt.date, least: int, recent: int) -> int | None:
    """The rule as the manual says it, written another way."""
    seen = sorted(set(d for d in days if d <= today))
    if len(seen) < least:
        return None
    gaps = [(seen[i] - seen[i - 1]).days for i in range(1, len(seen))][-recent:]
    return math.ceil(statistics.median(gaps))


def test_the_rhythm_agrees_with_the_rule_written_another_way() -> None:
    rnd = random.Random(15)
    for _ in range(500):
        start = dt.date(2025, 1, 1)
        days = [start + dt.timedelta(days=rnd.randint(0, 800)) for _ in range(rnd.randint(0, 14))]
        least, recent = rnd.randint(3, 6), rnd.randint(2, 8)
        limits = Thresholds(rhythm_interactions=least, rhythm_gaps=recent)
        log = tuple(Interaction(d, "x") for d in days)
        assert find_rhythm(log, TODAY, limits) == _naive_rhythm(days, TODAY, least, recent), days


def test_a_contact_is_described_in_one_pass_as_the_person_and_the_rhythm_say() -> None:
    rnd = random.Random(17)
    settings = Settings()
    limits = settings.thresholds
    for _ in range(400):
        log = tuple(
            Interaction(
                TODAY + dt.timedelta(days=rnd.randint(-500, 60)),
                rnd.choice(["coffee", "Connected on LinkedIn"]),
                tags=tuple(rnd.sample(["ask", "give", "met"], rnd.randint(0, 2))),
            )
            for _ in range(rnd.randint(0, 12))
        )
        field = rnd.choice([None, TODAY + dt.timedelta(days=rnd.randint(-400, 30))])
        circle = rnd.choice(["friend", "client", "acquaintance"])
        person = Person("p", "p.md", "Ann", circle=circle, log=log, last_contact_field=field)
        c = describe_contact(person, settings, TODAY)
        assert c.last_contact == person.last_contact_on(TODAY), person
        assert c.scheduled == person.next_planned(TODAY), person
        done = [i for i in log if i.date <= TODAY]  # a planned ask or give is none yet
        assert (c.asks, c.gives) == (sum(i.is_ask for i in done), sum(i.is_give for i in done))
        assert c.interactions == sum(1 for i in log if i.date <= TODAY and i.is_contact)
        assert c.rhythm == find_rhythm([i for i in log if i.is_contact], TODAY, limits), person


def test_ratios_a_float_cannot_tell_apart_are_still_ranked_exactly() -> None:
    person, limits = Person("p", "p.md", "Ann"), Thresholds()
    near = Fraction(2**60 + 1, 2**60)  # past due by a hair more than once the cadence
    assert float(near) == 1.0
    ranked = sorted(
        [
            (priority_key(person, limits, Fraction(1)), "a"),
            (priority_key(person, limits, near), "b"),
        ]
    )
    assert [label for _, label in ranked] == ["b", "a"]


def test_a_tie_silent_past_four_times_its_rhythm_fades_before_it_is_due() -> None:
    f = analyze_case("method").follow_ups
    # Jo: rhythm 7, silent 88 days (more than 28) but cadence 120: fading, not overdue.
    assert [(x.slug, x.days_since, x.rhythm) for x in f.fading] == [("jo-park", 88, 7)]
    assert f.reasons["jo-park"] == "influence 2, fading, 12.6× their rhythm"
    # Lena is overdue too: listed once, as overdue, the reason saying she fades.
    assert "lena-brandt" in [o.slug for o in f.overdue]
    assert f.reasons["lena-brandt"] == "influence 3, 1.6× past due, fading, 14.7× their rhythm"


def test_fading_waits_for_more_than_the_factor_and_stops_at_dormant() -> None:
    jo = Person("jo", "jo.md", "Jo", circle="friend", strength=5, cadence=120)
    log = _log("2026-08-01", "2026-08-08", "2026-08-15", "2026-08-22")
    settings = Settings()

    def fading(today: str, person: Person = jo) -> bool:
        person = dataclasses.replace(person, log=log)
        return describe_contact(person, settings, dt.date.fromisoformat(today)).fading

    assert not fading("2026-09-19")  # 28 days: exactly 4 times the rhythm
    assert fading("2026-09-20")
    assert not fading("2026-09-20", dataclasses.replace(jo, cadence=0))  # never remind
    assert fading("2029-08-21") and not fading("2029-08-22")  # three years: dormant
    wider = dataclasses.replace(settings, thresholds=Thresholds(fading_factor=8))
    person = dataclasses.replace(jo, log=log)
    assert not describe_contact(person, wider, dt.date(2026, 10, 17)).fading  # 56 = 8 x 7


def test_a_year_before_the_29th_of_february_is_the_28th() -> None:
    assert years_before(dt.date(2028, 2, 29), 3) == dt.date(2025, 2, 28)
    assert years_before(dt.date(2026, 11, 25), 3) == dt.date(2023, 11, 25)


def test_ratios_are_written_to_one_decimal_rounded_half_up() -> None:
    assert [times(Fraction(n, d)) for n, d in ((2, 1), (85, 45), (1, 20), (88, 7))] == [
        "2×",
        "1.9×",
        "0.1×",
        "12.6×",
    ]
    assert times(Fraction(5, 4)) == "1.3×" and times(Fraction(3, 40)) == "0.1×"
    # Worked in integers, it rounds exactly as the fractions' own arithmetic does.
    for n in range(0, 400):
        for d in range(1, 60):
            ratio = Fraction(n, d)
            tenths = math.floor(ratio * 10 + Fraction(1, 2))
            whole, tenth = divmod(tenths, 10)
            assert times(ratio) == (f"{whole}×" if not tenth else f"{whole}.{tenth}×")


def test_overdue_is_ranked_targets_then_influential_then_silence_for_the_cadence() -> None:
    f = analyze_case("method").follow_ups
    # Worked by hand for 2026-11-25, silence / cadence:
    # targets: Tess 1770 / 45 = 39.3, Sam 116 / 45 = 2.6;
    # influential: Paul 1629 / 30 = 54.3, Nora 1730 / 90 = 19.2, Sol 2140 / 365 = 5.9;
    # the rest: Rita 1507 / 60 = 25.1, Rob 2034 / 90 = 22.6, Lena 147 / 90 = 1.6.
    assert [(o.slug, f.reasons[o.slug]) for o in f.overdue] == [
        ("tess-oldham", "target, influence 3, 39.3× past due"),
        ("sam-lee", "target, influence 4, 2.6× past due"),
        ("paul-mercer", "influence 4, 54.3× past due"),
        ("nora-quinn", "influence 4, 19.2× past due"),
        ("sol-stranger", "influence 5, 5.9× past due"),
        ("rita-gomez", "influence 3, 25.1× past due"),
        ("rob-card", "influence 2, 22.6× past due"),
        ("lena-brandt", "influence 3, 1.6× past due, fading, 14.7× their rhythm"),
    ]


def _tier(person: Person) -> int:
    return 0 if person.target else 1 if person.influence >= 4 else 2


def test_every_pair_of_overdue_contacts_is_in_the_order_the_method_values() -> None:
    rnd = random.Random(16)
    settings = Settings()
    for _ in range(200):
        people = [
            Person(
                f"p{i}",
                f"p{i}.md",
                rnd.choice(["Ann", "Bo", "Cy"]),
                circle=rnd.choice(["friend", "client", "colleague"]),
                influence=rnd.randint(1, 5),
                target=rnd.random() < 0.3,
                last_contact_field=TODAY - dt.timedelta(days=rnd.randint(0, 400)),
            )
            for i in range(rnd.randint(2, 9))
        ]
        contacts = {p.slug: describe_contact(p, settings, TODAY) for p in people}
        overdue = find_follow_ups(rnd.sample(list(contacts.values()), len(people)), Thresholds())
        ranked = [contacts[o.slug] for o in overdue.overdue]
        assert {c.slug for c in ranked} == {
            c.slug for c in contacts.values() if c.due_in_days is not None and c.due_in_days < 0
        }
        for a, b in itertools.pairwise(ranked):
            pa, pb = a.person, b.person
            ra = Fraction(a.days_since or 0, a.cadence)
            rb = Fraction(b.days_since or 0, b.cadence)
            assert _tier(pa) < _tier(pb) or (
                _tier(pa) == _tier(pb)
                and (
                    ra > rb
                    or (ra == rb and pa.influence > pb.influence)
                    or (ra == rb and pa.influence == pb.influence and pa.name <= pb.name)
                )
            ), (a, b)
