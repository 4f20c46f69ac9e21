"""Warm intro paths: the best chain from you to everyone, and the alternatives."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

from analysis_helpers import analyze_case, chain

from generator.analysis.intro_paths import Graph, IntroPath, find_alternatives, find_best_paths


def test_a_longer_strong_chain_beats_a_short_weak_one() -> None:
    report = analyze_case("strong-chain")
    best = report.best_paths["ceo"]
    assert best.people == ("mom", "aunt", "ceo")
    assert best.strengths == (5, 5, 4)
    assert best.score == Fraction(4, 5)
    # The weak direct tie is still offered, as the first alternative.
    assert chain(report, "ceo") == [(["mom", "aunt", "ceo"], "0.8000"), (["ceo"], "0.4000")]


def test_equal_scores_go_to_the_path_with_fewer_hops() -> None:
    report = analyze_case("tie-breaks")
    # Direct strength 5 (1.0) against amy 5 x 5 (1.0): the direct tie has fewer hops.
    assert report.best_paths["direct"].people == ("direct",)


def test_equal_scores_and_hops_go_to_the_slugs_in_order() -> None:
    report = analyze_case("tie-breaks")
    # amy 5 x 4 and bob 4 x 5 both score 0.8 in two hops: "amy" sorts first.
    assert chain(report, "twin") == [(["amy", "twin"], "0.8000"), (["bob", "twin"], "0.8000")]
    # Same first person: the tie is broken further along, pat before quinn.
    assert report.best_paths["deep"].people == ("amy", "xavier", "pat", "deep")


def test_paths_never_have_more_ties_than_max_hops() -> None:
    four = analyze_case("max-hops")
    assert four.best_paths["t"].people == ("t",)  # the perfect chain needs five ties
    assert four.best_paths["d"].people == ("a", "b", "c", "d")
    five = analyze_case("max-hops", max_hops=5)
    assert five.best_paths["t"].people == ("a", "b", "c", "d", "t")
    assert five.best_paths["t"].score == 1
    one = analyze_case("max-hops", max_hops=1)
    assert sorted(one.best_paths) == ["a", "t"]


def test_a_tie_declared_by_both_sides_counts_with_the_stronger_strength() -> None:
    report = analyze_case("symmetric")
    assert report.best_paths["bea"].strengths == (5, 4)  # ann says 2, bea says 4


def test_a_tie_declared_on_one_side_works_both_ways() -> None:
    report = analyze_case("symmetric")
    assert report.best_paths["dot"].people == ("cal", "dot")
    assert report.best_paths["dot"].score == Fraction(3, 5)


def test_a_target_nobody_knows_has_no_path() -> None:
    report = analyze_case("no-path")
    assert report.intro_paths("unknown") == ()
    assert "unknown" not in report.best_paths and "unknown" not in report.target_paths
    # Someone known only through a friend is reachable; only the target is not.
    assert report.best_paths["stranger-friend"].people == ("known", "stranger-friend")


def test_alternatives_start_with_someone_else_and_avoid_who_comes_first() -> None:
    graph = Graph(
        yours={"mom": 5, "dad": 5, "aunt": 2},
        ties={
            "mom": (("aunt", 5), ("dad", 5)),
            "dad": (("mom", 5),),
            "aunt": (("ceo", 4), ("mom", 5)),
            "ceo": (("aunt", 4),),
        },
    )
    best = find_best_paths(graph, 4)["ceo"]
    assert best.people == ("mom", "aunt", "ceo")
    # dad -> mom -> aunt -> ceo scores 0.8 too, but goes through mom: not an alternative.
    alternatives = find_alternatives(graph, best, 4, 2)
    assert [a.people for a in alternatives] == [("aunt", "ceo")]


def _simple_paths(graph: Graph, max_hops: int) -> list[IntroPath]:
    """Every simple path from you; nobody you are close to is introduced (only asked first)."""
    found: list[IntroPath] = []

    def walk(people: tuple[str, ...], strengths: tuple[int, ...]) -> None:
        found.append(IntroPath(people, strengths))
        if len(people) < max_hops:
            for other, strength in graph.ties.get(people[-1], ()):
                if other not in people and other not in graph.close:
                    walk((*people, other), (*strengths, strength))

    for first, strength in graph.yours.items():
        walk((first,), (strength,))
    return found


def _random_graph(seed: int) -> Graph:
    rnd = random.Random(seed)
    slugs = [f"p{i}" for i in range(rnd.randint(1, 8))]
    yours = {s: rnd.choice([1, 2, 3, 4, 5, 5]) for s in slugs if rnd.random() < 0.5}
    ties: dict[str, list[tuple[str, int]]] = {}
    for a, b in itertools.combinations(slugs, 2):
        if rnd.random() < 0.45:
            strength = rnd.choice([1, 2, 3, 4, 5, 5])
            ties.setdefault(a, []).append((b, strength))
            ties.setdefault(b, []).append((a, strength))
    # Half the graphs have people you are close to: strength 3, 4 or 5 and up.
    direct = rnd.choice([3, 4, 5, 6, 6, 6])
    close = frozenset(s for s, strength in yours.items() if strength >= direct)
    return Graph(yours, {k: tuple(sorted(v)) for k, v in ties.items()}, close)


def test_the_search_agrees_with_trying_every_simple_path() -> None:
    for seed in range(600):
        graph = _random_graph(seed)
        max_hops = 1 + seed % 5
        every = sorted(_simple_paths(graph, max_hops), key=lambda p: (-p.score, p.hops, p.people))
        best = find_best_paths(graph, max_hops)
        targets = {p.target for p in every}
        assert set(best) == targets, seed
        for target in sorted(targets):
            candidates = [p for p in every if p.target == target]
            assert best[target] == candidates[0], (seed, target)
            used, expected = [candidates[0].first], []
            for path in candidates:
                if (
                    len(expected) < 2
                    and not set(path.people[:-1]) & set(used)
                    and (path.first not in used)
                ):
                    expected.append(path)
                    used.append(path.first)
            assert list(find_alternatives(graph, best[target], max_hops, 2)) == expected, seed
