"""The index must answer exactly as a plain scan of every fact does.

The same queries go through `Engine` with the real `FactIndex` and with the
`ReferenceRetriever` kept in tests/engine/reference.py, on the real fact base and on
a generated one; answers must hold the same facts in the same order, the same
totals and suggestions, and BM25 scores equal within 1e-9. Every suggestion's text,
parsed back, must find what the suggestion promised.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.generate import generate, sample_names, spoil
from benchmarks.replicate import replicate
from bot.engine import Answer, Engine, FactBase, load_fact_base
from bot.engine.cache import load_snapshot
from bot.engine.index import FactIndex, ranking, twins, walk
from bot.engine.index.ranking import Ranking
from bot.engine.records import StoredFacts
from bot.engine.rows import RowSet
from tests.conftest import FACTS_DIR, SEEDS_DIR
from tests.engine.reference import ReferenceRetriever

GENERATED_FACTS = 2000
COPIES = 40  # the real fact base replicated: 1,960 facts, each text 40 times

REAL_QUERIES = [
    "meetings", "meetings 2022", "meetings 2025", "agreements", "positions", "positions taiwan",
    "timeline", "timeline 2025", "history japarov", "chronology xi", "meetings in Astana",
    "agreements in Kazakhstan", "positions in Kazakhstan", "meetings Kazakhstan",
    "positions Japarov", "positions china", "positions kyrgyzstan", "positions Kyrgyz side",
    "what did Xi say about Taiwan?", "what was signed in Astana?", "what did Japarov say?",
    "Zhaparov", "Dzhaparov", "japarof", "zhaparof", "railwya", "railway", "CKU railway", "CKU",
    "SCO", "Shanghai Cooperation Organisation", "UN", "meetings february 2025", "june",
    "may 2025", "meetings june 2025", "what about bananas", "US sanctions", "Ukraine",
    "meetings 2019", "agreements culture 2025", "agreements culture", "trade", "investment",
    "investment cooperation", "relations", "China-Kyrgyzstan relations", "help", "sources",
    "fact meeting-2025-06-17-xi-japarov-astana", "fact meeting-2025-06-17-xi-japarov-astan",
    "Xi and Japarov", "Xi Japarov Beijing", "positions Xi Taiwan", "Hong Kong", "Xinjiang",
    "Uyghur", "tourism education", "green minerals", "clean energy", "artificial inteligence",
    "what did Xi say in Beijing in February 2022?", "Kazakh capital", "Nur-Sultan",
    "Peking Olympics", "winter olympics", "who met in 2024", "sadyr", "covid", "qwertyuiop",
    "positions opposition", "SCO summit", "Central Asia", "Kirghizia", "Russia and China",
    "meetings in China", "agreements in China", "positions in Beijing 2022",
    # the answering layer: direct answers, cards, comparisons, other scripts, typos of commands
    "when did Xi and Japarov last meet?", "how many times did Xi and Japarov meet?",
    "first meeting", "latest positions on taiwan", "did Kyrgyzstan back China on Taiwan?",
    "did Xi meet Putin?", "who is Japarov", "Жапаров", "习近平", "positions Тайвань",
    "how has Kyrgyzstan's position on Taiwan changed?", "China vs Kyrgyzstan on the railway",
    "compare 2022 and 2025 on the railway", "meetigns 2022", "agrements 2025", "positons taiwan",
    "meetings since 2023", "positions before 2023", "who praised Xi's leadership?",
    "what documents were signed during the Olympics visit?",
    "Japarov's most recent statement on the railway", "news", "tied", "taxes", "agreed",
]


def _entity_queries(fact_base: FactBase, rng: random.Random) -> list[str]:
    queries = []
    for section in ("people", "countries", "places", "organisations", "topics"):
        for entity in fact_base.section(section).values():
            for name in entity.names:
                queries.append(name)
                if rng.random() < 0.3:
                    queries.append(f"{rng.choice(['meetings', 'positions', 'agreements'])} {name}")
                if rng.random() < 0.2:
                    queries.append(spoil(name.split()[-1], rng))
    return queries


def _compare(query: str, expected: Engine, actual: Engine) -> None:
    for limit in (10, None):
        want, got = expected.answer(query, limit=limit), actual.answer(query, limit=limit)
        assert [f.id for f in got.facts] == [f.id for f in want.facts], (query, limit)
        assert got == want, (query, limit)
        _check_suggestions(actual, got)
    parsed = actual.parse(query)
    if parsed.command in ("search", "timeline") and not parsed.unknown:
        chronological = parsed.command == "timeline"
        want_hits, want_total = expected.retriever.search(parsed, None, chronological)
        got_hits, got_total = actual.retriever.search(parsed, None, chronological)
        assert got_total == want_total, query
        assert [h.row for h in got_hits] == [h.row for h in want_hits], query
        assert (actual.retriever.counts_without_each(parsed)  # a question's relaxations
                == expected.retriever.counts_without_each(parsed)), query
        for got_hit, want_hit in zip(got_hits, want_hits, strict=True):
            assert got_hit.score == pytest.approx(want_hit.score, abs=1e-9), query


def _check_suggestions(engine: Engine, answer: Answer) -> None:
    """Suggested queries are built as parsed queries and counted without being parsed back
    from their text, so the text, typed in, must find what the suggestion promised."""
    if answer.command not in ("search", "timeline") or answer.query.unknown:
        return
    matched = answer.total  # a comparison shows the oldest COMPARED of what matched
    if answer.comparison is not None:
        matched = engine.retriever.count(replace(answer.query, kind="position"))
    for suggestion in answer.suggestions:
        parsed = engine.parse(suggestion)
        assert not parsed.unknown, (answer.query.text, suggestion)
        found = engine.retriever.count(parsed)
        if answer.total:  # narrower: some of the facts, not all
            assert 0 < found < matched, (answer.query.text, suggestion, found)
        else:  # a condition dropped: finds something
            assert found > 0, (answer.query.text, suggestion)


@pytest.fixture(scope="module")
def real_engines(fact_base: FactBase) -> tuple[Engine, Engine]:
    return Engine(fact_base, ReferenceRetriever(fact_base)), Engine(fact_base, FactIndex(fact_base))


@pytest.fixture(scope="module")
def generated() -> tuple[FactBase, Engine, Engine]:
    """The reference over validated models; the index as every start after the first
    reads it: arrays mapped from a snapshot, facts made from their stored records."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        facts_dir, seeds_dir = generate(Path(tmp), GENERATED_FACTS, seed=7)
        fact_base = load_fact_base(facts_dir, seeds_dir)
        folder = Path(tmp) / "cache"
        load_snapshot(facts_dir, seeds_dir, folder=folder)
        stored, hit = load_snapshot(facts_dir, seeds_dir, folder=folder)
    assert hit and isinstance(stored.fact_base.facts, StoredFacts)
    return (fact_base, Engine(fact_base, ReferenceRetriever(fact_base)),
            Engine(stored.fact_base, stored.index))


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> tuple[FactBase, Engine, Engine]:
    """The real fact base, each fact copied COPIES times (benchmarks/replicate.py): equal
    scores by the thousand, twins, days of hundreds of facts. As `generated`, the index
    as read from a snapshot."""
    out = tmp_path_factory.mktemp("replicated")
    facts_dir, seeds_dir = replicate(FACTS_DIR, SEEDS_DIR, out, COPIES)
    fact_base = load_fact_base(facts_dir, seeds_dir)
    load_snapshot(facts_dir, seeds_dir, folder=out / "cache")
    stored, hit = load_snapshot(facts_dir, seeds_dir, folder=out / "cache")
    assert hit and len(stored.index.data.twins) == len(fact_base.facts)
    return (fact_base, Engine(fact_base, ReferenceRetriever(fact_base)),
            Engine(stored.fact_base, stored.index))


def test_real_fact_base_commands_and_questions(real_engines: tuple[Engine, Engine]) -> None:
    expected, actual = real_engines
    for query in REAL_QUERIES:
        _compare(query, expected, actual)


def test_real_fact_base_every_name_alias_and_typo(real_engines: tuple[Engine, Engine],
                                                  fact_base: FactBase) -> None:
    expected, actual = real_engines
    for query in _entity_queries(fact_base, random.Random(1)):
        _compare(query, expected, actual)


def test_real_fact_base_fact_words(real_engines: tuple[Engine, Engine],
                                   fact_base: FactBase) -> None:
    expected, actual = real_engines
    rng = random.Random(2)
    for fact in fact_base.facts:
        tokens = [w for w in fact.summary.split() if len(w) > 3]
        picked = rng.sample(tokens, min(3, len(tokens)))
        _compare(" ".join(picked), expected, actual)
        _compare(spoil(picked[0].strip(".,\"'()"), rng), expected, actual)


def test_generated_fact_base(generated: tuple[FactBase, Engine, Engine]) -> None:
    fact_base, expected, actual = generated
    assert len(fact_base.facts) == GENERATED_FACTS
    names = sample_names(GENERATED_FACTS, seed=7)
    rng = random.Random(3)
    queries = ["meetings", "agreements", "positions", "timeline", "meetings 2019",
               "positions 2003", "agreements march 2015", "positions in Kazakhstan",
               "meetings Uzbekistan", "agreements Georgia 2021", "zzzzqx", "US", "Russia",
               "bananas spaceship", "positions opposition", "cooperation", "relations",
               "latest meetings", "earliest positions", "positions since 2015",
               "how many agreements before 2010", "meetings between 2005 and 2008"]
    for key in ("people", "surnames", "aliases", "places", "place_aliases", "synonyms", "rare"):
        pool = names[key]
        for value in rng.sample(pool, min(12, len(pool))):
            queries += [value, f"{rng.choice(['meetings', 'positions', 'timeline'])} {value}"]
            queries.append(spoil(value.split()[-1].lower(), rng))
    words = names["words"]
    for _ in range(60):
        queries.append(" ".join(rng.sample(words, rng.randint(1, 4))))
        queries.append(f"what did {rng.choice(names['surnames'])} say about "
                       f"{rng.choice(names['synonyms'])} in {rng.randint(2000, 2024)}?")
    for _ in range(15):  # the answering layer: sentences, cards, comparisons, widening
        a, b = rng.sample(names["surnames"], 2)
        word = rng.choice(names["words"])
        queries += [f"when did {a} and {b} last meet?", f"how many times did {a} meet {b}?",
                    f"who is {a}", f"compare {word}", f"did {a} oppose {word}?",
                    f"who praised {a}?", f"{a}'s first statement on {word}",
                    f"positions on {word} since {rng.randint(2000, 2024)}"]
    for query in queries:
        _compare(query, expected, actual)


class _AllBitmaps(FactIndex):
    bitmap_from, bitmap_share = 1, 10**9  # every filter through bitmaps, however small


def test_generated_fact_base_shortcuts(generated: tuple[FactBase, Engine, Engine]) -> None:
    fact_base, expected, _ = generated
    actual = Engine(fact_base, _AllBitmaps(fact_base))
    names = sample_names(GENERATED_FACTS, seed=7)
    queries = ["meetings", "positions", "agreements", "timeline", "timeline positions",
               "timeline meetings China", "positions China", "positions 2010 2011 2012",
               "timeline 2020", "timeline agreements 2003 2004", "cooperation", "relations",
               "cooperation development", "positions cooperation", "timeline cooperation"]
    queries += [f"timeline {s}" for s in names["surnames"][:10]]
    queries += [f"positions {w}" for w in names["words"][:30]]
    queries += [f"{a} {b}" for a, b in zip(names["words"][:40], names["words"][40:80],
                                            strict=True)]
    for query in queries:
        _compare(query, expected, actual)


@pytest.mark.parametrize("limit", [1, 3, 10, 25])
def test_top_limit_is_prefix_of_all(generated: tuple[FactBase, Engine, Engine],
                                    limit: int) -> None:
    """The threshold algorithm's top `limit` is exactly the head of the full ranking."""
    fact_base, _, engine = generated
    names = sample_names(GENERATED_FACTS, seed=7)
    rng = random.Random(limit)
    all_bitmaps = _AllBitmaps(fact_base)
    for _ in range(60):
        query = engine.parse(" ".join(rng.sample(names["words"][:120], rng.randint(1, 4))))
        for index in (engine.retriever, all_bitmaps):
            top, total = index.search(query, limit)
            every, total_all = index.search(query, None)
            assert total == total_all
            assert [h.row for h in top] == [h.row for h in every[:limit]], query.text


def test_typo_lookups_match_a_full_scan(generated: tuple[FactBase, Engine, Engine]) -> None:
    """`correct` and `suggest` only compare words their filters let through: never fewer."""
    _, expected, actual = generated
    reference, index = expected.retriever, actual.retriever
    spellings = reference._spellings()
    rng = random.Random(11)
    letters = "abcdefghijklmnoprstuvyz'019"
    probes = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 14))) for _ in range(400)]
    for spelling in rng.sample(spellings, 300):
        probes += [spoil(spelling, rng), spoil(spoil(spelling, rng), rng), spelling + "es"]
    for probe in probes:
        assert index.correct(probe) == reference.correct(probe), probe
        assert index.suggest(probe) == reference.suggest(probe), probe
        assert index.suggest(probe, 1) == reference.suggest(probe, 1), probe


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_words_that_seldom_meet_walk_past_the_rows_holding_several(
        generated: tuple[FactBase, Engine, Engine], limit: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Several topics' words, each in many facts, seldom in one: the walk goes deep, scores
    first the rows holding several of them, then bounds the rest more tightly. Still
    exactly the head of the full ranking."""
    fact_base, _, engine = generated
    names = sample_names(GENERATED_FACTS, seed=7)
    rng = random.Random(100 + limit)
    reached: list[int] = []  # how many of the terms the rows scored at once held, per walk
    held_by_many = Ranking._held_by_many

    def counted(self: Ranking, terms: list[str], found: RowSet | None) -> list:  # type: ignore[type-arg]
        held = held_by_many(self, terms, found)
        reached.append(len(held))
        holding = Counter(row for term in terms
                          for row in self._words.rows(self._term_number[term]))
        for fewest, rows, count in held:  # exactly the rows holding that many of the terms
            expected = sorted(row for row, n in holding.items()
                              if n >= fewest and (found is None or row in found))
            assert RowSet(bits=rows).ascending() == expected and count == len(expected)
        return held

    monkeypatch.setattr(Ranking, "_held_by_many", counted)
    # as when the rows in reach of the top are too many to score at once (next test)
    monkeypatch.setattr(walk, "_scored_the_rest", lambda *args: False)
    monkeypatch.setattr(walk, "TIGHTEN_FROM", 4)  # the generated base is small
    monkeypatch.setattr(walk, "TIGHTEN_SCORED", 8)
    monkeypatch.setattr(walk, "BOUND_EVERY_FROM", 4)  # and bounds it at every 8th depth
    all_bitmaps = _AllBitmaps(fact_base)
    for _ in range(60):
        words = [*rng.sample(names["topics"], rng.randint(2, 3)),
                 *rng.sample(names["words"][:120], rng.randint(0, 1))]
        query = engine.parse(" ".join(words).lower())
        for index in (engine.retriever, all_bitmaps):
            top, total = index.search(query, limit)
            every, total_all = index.search(query, None)
            assert total == total_all
            assert [h.row for h in top] == [h.row for h in every[:limit]], query.text
    assert sum(reached) > 20  # walks went deep enough to score such rows at once


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_rows_holding_the_rare_words_together_are_scored_at_once(
        generated: tuple[FactBase, Engine, Engine], limit: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two topics' words with a common one: the top needs both topics, which the walks
    meet deep down, so the walk scores at once the rows that can still reach the top
    and stops. Still exactly the head of the full ranking."""
    fact_base, _, engine = generated
    names = sample_names(GENERATED_FACTS, seed=7)
    rng = random.Random(200 + limit)
    finished: list[bool] = []
    scored_the_rest = walk._scored_the_rest
    scores_holding = Ranking._scores_holding

    def counted(*args: object) -> bool:
        done = scored_the_rest(*args)  # type: ignore[arg-type]
        finished.append(done)
        return done

    def checked(self: Ranking, terms: list[str], found: RowSet | None,
                groups: list[tuple[int, ...]], most: float) -> dict[int, float] | None:
        scores = scores_holding(self, terms, found, groups, most)
        held = [set(self._words.rows(self._term_number[term])) for term in terms]
        expected = [row for row in range(len(fact_base.facts))
                    if any(all(row in held[number] for number in group) for group in groups)
                    and (found is None or row in found)]
        assert sorted(scores) == expected if scores is not None else len(expected) > most
        return scores

    monkeypatch.setattr(walk, "_scored_the_rest", counted)
    monkeypatch.setattr(Ranking, "_scores_holding", checked)
    monkeypatch.setattr(walk, "TIGHTEN_FROM", 4)  # the generated base is small
    monkeypatch.setattr(walk, "TIGHTEN_SCORED", 8)
    common = Counter(word for fact in fact_base.facts
                     for word in set(fact.summary.lower().split())).most_common(40)[20:]
    all_bitmaps = _AllBitmaps(fact_base)
    left = walk._left
    for number in range(60):
        words = [*rng.sample(names["topics"], 2), rng.choice(common)[0]]
        query = engine.parse(" ".join(words).lower())
        # every other query as if each walk were about to stop: those rows are scored at
        # once only if they are no more than the rows scored so far
        monkeypatch.setattr(walk, "_left", left if number % 2 else lambda *args: 0.0)
        for index in (engine.retriever, all_bitmaps):
            top, total = index.search(query, limit)
            every, total_all = index.search(query, None)
            assert total == total_all
            assert top == every[:limit], query.text  # rows and scores, added alike
    assert finished.count(True) > 10 and finished.count(False) > 10  # both ways taken


@pytest.mark.parametrize("limit", [1, 10, 50])
def test_questions_of_many_words_are_ranked_by_the_words_each_row_holds(
        generated: tuple[FactBase, Engine, Engine], limit: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """More words than a walk can narrow down (walk.REACH_WORDS): the rows holding the
    most of them are scored first (bot/engine/index/held.py), over all facts or a kind.
    The same answers as scanning every fact, and often settled before every row holding
    one of the words is scored."""
    fact_base, expected, engine = generated
    names = sample_names(GENERATED_FACTS, seed=7)
    rng = random.Random(300 + limit)
    rounds: list[tuple[int, int]] = []  # (words, times rows were scored) per ranking
    top_by_words_held = ranking.top_by_words_held

    def counted(bitmaps: list[int], highest: list[float], limit: int,
                scored: Callable[[int], dict[int, float]]) -> dict[int, float]:
        calls: list[int] = []
        scores = top_by_words_held(bitmaps, highest, limit,
                                   lambda bits: calls.append(bits) or scored(bits))
        rounds.append((len(bitmaps), len(calls)))
        return scores

    monkeypatch.setattr(ranking, "top_by_words_held", counted)
    monkeypatch.setattr(ranking, "COUNT_FROM", 0)  # the generated base is small
    all_bitmaps = Engine(fact_base, _AllBitmaps(fact_base))
    for number in range(30):
        # words too many to be held all together: the answer passes over some of them
        words = rng.sample(names["words"][:60], rng.randint(9, 20))
        text = ["", "positions ", "agreements "][number % 3] + " ".join(words)
        for actual in (engine, all_bitmaps):
            want, got = expected.answer(text, limit=limit), actual.answer(text, limit=limit)
            assert [f.id for f in got.facts] == [f.id for f in want.facts], text
            assert got == want, text
    assert len(rounds) >= 40 and min(words for words, _ in rounds) > walk.REACH_WORDS
    assert sum(times > 1 for _, times in rounds) > 5  # not settled by the rows holding most


def test_replicated_fact_base(replicated: tuple[FactBase, Engine, Engine]) -> None:
    """Ties everywhere: the walks must still stop at exactly the right row of each tie."""
    fact_base, expected, actual = replicated
    assert len(fact_base.facts) == 49 * COPIES
    for query in REAL_QUERIES:
        if query != "sources":  # a snapshot keeps no article text: the ids are compared
            _compare(query, expected, actual)
    assert ([s.id for s in actual.answer("sources").sources]
            == [s.id for s in expected.answer("sources").sources])
    for query in ("timeline positions", "timeline meetings", "timeline 2022", "positions 2025"):
        for limit in (1, 10, 45, 200):  # the oldest day's facts, read a kind at a time
            parsed = actual.parse(query)
            want = expected.retriever.search(parsed, limit, chronological=True)
            assert actual.retriever.search(parsed, limit, chronological=True) == want


def test_replicated_fact_base_split_by_twin_groups(
        replicated: tuple[FactBase, Engine, Engine], monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies in groups large enough for bitmaps: the found rows are split a group at a
    time and each group scored once, or, in more groups than pays, listed. The same
    answers either way."""
    fact_base, expected, _ = replicated
    split: list[bool] = []
    split_by_group = twins.Twins.split

    def checked(self: twins.Twins, found: RowSet) -> twins.Split | None:
        grouped = split_by_group(self, found)
        split.append(grouped is not None)
        for group, (first, rows) in (grouped or {}).items():  # each group's found rows
            members = RowSet(bits=rows).ascending()
            assert members[0] == first and {self._group_of[row] for row in members} == {group}
        if grouped is not None:  # and every found row in one group
            assert sum(len(RowSet(bits=rows)) for _, rows in grouped.values()) == len(found)
        return grouped

    monkeypatch.setattr(twins.Twins, "split", checked)
    actual = Engine(fact_base, _AllBitmaps(fact_base))  # a bitmap for every group
    for query in REAL_QUERIES:
        if query != "sources":
            _compare(query, expected, actual)
        parsed = actual.parse(query)
        for limit in (1, 45, 200):
            assert actual.retriever.search(parsed, limit) \
                == expected.retriever.search(parsed, limit), (query, limit)
    assert True in split and False in split  # split, and in more groups than pays: listed


@pytest.mark.parametrize("limit", [1, 10])
def test_copies_of_the_best_fact_are_not_walked_one_by_one(
        replicated: tuple[FactBase, Engine, Engine], limit: int) -> None:
    """The best fact's COPIES copies tie: once `limit` of them are in, the later ones rank
    below (ties go by row) and the walk stops there, one word or several."""
    _, _, actual = replicated
    index = actual.retriever
    for text in ("railway", "joint statement", "green minerals", "olympic winter games"):
        terms = [t for t in actual.parse(text).rank_terms if t in index._terms]
        scores = index._ranking._threshold(terms, None, limit)
        assert scores is not None and len(scores) == limit, (text, len(scores or ()))
        top, _ = index.search(actual.parse(text), limit)
        every, _ = index.search(actual.parse(text), None)
        assert [h.row for h in top] == [h.row for h in every[:limit]], text
