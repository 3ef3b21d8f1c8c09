"""The engine on the real fact base: questions of every kind, as people phrase them."""

from __future__ import annotations

import pytest

from bot.engine import Engine, FactBase
from bot.engine.answering import MAX_QUERY_CHARS, MAX_RESPELLED_WORDS
from bot.engine.sources import normalize_space

ASTANA_MEETING = "meeting-2025-06-17-xi-japarov-astana"
BEIJING_2022_MEETING = "meeting-2022-02-06-xi-japarov-beijing"
RECALLED_MEETING = "meeting-2025-02-xi-japarov-beijing"


def ids(engine: Engine, query: str) -> list[str]:
    return [fact.id for fact in engine.answer(query).facts]


def kinds(engine: Engine, query: str) -> set[str]:
    return {fact.kind for fact in engine.answer(query).facts}


# --- commands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "help", "?", "HELP"])
def test_help(engine: Engine, query: str) -> None:
    answer = engine.answer(query)
    assert answer.command == "help"
    assert answer.facts == ()


def test_sources_lists_every_seed(engine: Engine, fact_base: FactBase) -> None:
    answer = engine.answer("sources")
    assert {s.id for s in answer.sources} == set(fact_base.sources)
    assert [s.published for s in answer.sources] == sorted(
        (s.published for s in answer.sources), reverse=True)


def test_fact_by_id(engine: Engine) -> None:
    assert ids(engine, f"fact {ASTANA_MEETING}") == [ASTANA_MEETING]
    assert ids(engine, f"fact {ASTANA_MEETING.upper()}") == [ASTANA_MEETING]


def test_unknown_fact_id_suggests_close_ids(engine: Engine) -> None:
    answer = engine.answer("fact meeting-2022-02-06-xi-zhaparov-beijing")
    assert answer.facts == ()
    assert f"fact {BEIJING_2022_MEETING}" in answer.suggestions


@pytest.mark.parametrize("query", ["fact", "Fact?", " fact "])
def test_fact_alone_is_the_command_without_an_id(engine: Engine, query: str) -> None:
    answer = engine.answer(query)
    assert (answer.command, answer.query.fact_id, answer.facts) == ("fact", "", ())
    assert not answer.suggestions and not answer.not_covered  # not "nothing about 'fact'"


def test_timeline_is_oldest_first(engine: Engine, fact_base: FactBase) -> None:
    answer = engine.answer("timeline")
    dates = [fact.date for fact in answer.facts]
    assert dates == sorted(dates)
    assert answer.total == len(fact_base.facts)
    assert answer.facts[0].id == BEIJING_2022_MEETING  # the day's meeting comes first


def test_timeline_filters_like_search(engine: Engine) -> None:
    answer = engine.answer("timeline 2025 railway")
    assert answer.facts and all(f.date.startswith("2025") for f in answer.facts)
    assert all("rail-transport" in f.topics for f in answer.facts)


# --- kind filters -----------------------------------------------------------------------------


def test_meetings_by_year(engine: Engine, fact_base: FactBase) -> None:
    expected = {f.id for f in fact_base.facts if f.kind == "meeting" and f.date.startswith("2022")}
    assert set(ids(engine, "meetings 2022")) == expected == {BEIJING_2022_MEETING}
    assert set(ids(engine, "meetings 2025")) == {ASTANA_MEETING, RECALLED_MEETING}


def test_every_meeting_including_the_recalled_one(engine: Engine, fact_base: FactBase) -> None:
    answer = engine.answer("meetings")
    assert answer.total == sum(1 for f in fact_base.facts if f.kind == "meeting")
    assert RECALLED_MEETING in [f.id for f in answer.facts]
    recalled = fact_base.facts[[f.id for f in fact_base.facts].index(RECALLED_MEETING)]
    assert recalled.date == "2025-02"  # "in February": a month, not an invented day


@pytest.mark.parametrize("query", ["positions taiwan", "positions Taiwan", "positions one-China",
                                   "positions taiwan independence", "positions taiwn"])
def test_positions_on_taiwan(engine: Engine, query: str) -> None:
    answer = engine.answer(query)
    assert answer.facts, query
    assert kinds(engine, query) == {"position"}
    assert all("taiwan" in f.topics for f in answer.facts)
    assert all(f.side == "kyrgyzstan" for f in answer.facts)  # type: ignore[union-attr]


def test_person_in_any_spelling(engine: Engine) -> None:
    japarov = set(ids(engine, "positions japarov"))
    assert japarov
    assert set(ids(engine, "positions zhaparov")) == japarov
    assert set(ids(engine, "positions sadyr japarov")) == japarov
    assert set(ids(engine, "positions japarof")) == japarov  # a typo
    assert all(f.speaker == "sadyr-japarov" for f in engine.answer("positions zhaparov").facts)  # type: ignore[union-attr]


def test_side_filter(engine: Engine) -> None:
    answer = engine.answer("positions kyrgyzstan")
    assert answer.facts and all(f.side == "kyrgyzstan" for f in answer.facts)  # type: ignore[union-attr]
    chinese = engine.answer("positions china")
    assert chinese.facts and all(f.side == "china" for f in chinese.facts)  # type: ignore[union-attr]


def test_place_filter(engine: Engine) -> None:
    assert ids(engine, "agreements astana") == ["agreement-2025-06-17-cooperation-documents"]
    assert set(ids(engine, "meetings beijing")) == {BEIJING_2022_MEETING, RECALLED_MEETING}
    assert ids(engine, "meetings in kazakhstan") == [ASTANA_MEETING]


@pytest.mark.parametrize("query, topic", [
    ("positions railway", "rail-transport"), ("positions train", "rail-transport"),
    ("positions CKU", "cku-railway"), ("positions UKC railway", "cku-railway"),
    ("positions China-Kyrgyzstan-Uzbekistan railway", "cku-railway"),
    ("positions AI", "artificial-intelligence"),
    ("positions artificial intelligence", "artificial-intelligence"),
    ("positions shanghai cooperation organization", None), ("positions SCO", None),
])
def test_topic_synonyms_and_abbreviations(engine: Engine, query: str, topic: str | None) -> None:
    answer = engine.answer(query)
    assert answer.facts, query
    if topic:
        assert all(topic in f.topics for f in answer.facts)
    else:
        assert all("sco" in f.organisations for f in answer.facts)


def test_all_words_filter_together(engine: Engine) -> None:
    both = engine.answer("positions xi 2025 railway")
    assert [f.id for f in both.facts] == ["position-2025-06-17-xi-railway"]


def test_agreement_fields(engine: Engine) -> None:
    assert ids(engine, "agreements agriculture") == ["agreement-2025-06-17-cooperation-documents"]
    assert ids(engine, "agreements culture") == ["agreement-2022-02-06-cooperation-documents"]


# --- plain questions --------------------------------------------------------------------------


@pytest.mark.parametrize("question, kind", [
    ("Who did Xi meet in 2025?", "meeting"),
    ("When did Xi and Zhaparov meet?", "meeting"),
    ("what was signed in Astana?", "agreement"),
    ("What agreements were signed in 2022?", "agreement"),
    ("what was agreed in beijing", "agreement"),
    ("What did Japarov say about Taiwan?", "position"),
    ("what did the Kyrgyz side say about the railway", "position"),
    ("What is China's position on the SCO?", "position"),
    ("What did Xi say when he met Japarov in Astana?", "position"),
])
def test_questions_choose_the_kind(engine: Engine, question: str, kind: str) -> None:
    answer = engine.answer(question)
    assert answer.facts, question
    assert {f.kind for f in answer.facts} == {kind}


def test_what_was_signed_in_astana(engine: Engine) -> None:
    assert ids(engine, "what was signed in Astana?") == [
        "agreement-2025-06-17-cooperation-documents"]


def test_what_was_signed_in_2022(engine: Engine) -> None:
    found = set(ids(engine, "What agreements were signed in 2022?"))
    assert found == {"agreement-2022-02-06-joint-statement",
                     "agreement-2022-02-06-cooperation-documents"}


def test_question_ranks_the_closest_fact_first(engine: Engine) -> None:
    assert ids(engine, "what did Japarov say about the one-China principle")[0] == \
        "position-2025-06-17-japarov-one-china"
    assert ids(engine, "joint statement")[0] == "agreement-2022-02-06-joint-statement"


def test_free_words_match_fact_text(engine: Engine) -> None:
    answer = engine.answer("what did xi say about globalization")
    assert answer.facts
    assert all("globaliz" in " ".join(q.text for q in f.quotes).lower() or
               "globalization" in f.topics for f in answer.facts)


# --- precision: nothing to say means no facts --------------------------------------------------


@pytest.mark.parametrize("query", [
    "meetings 2019", "agreements 2023", "positions ukraine", "meetings with Putin",
    "what did the US say about Taiwan", "What did Russia sign with Kyrgyzstan?",
    "positions on bitcoin", "who met Modi", "relations with india", "timeline 1999",
    "what did Xi say about the European Union", "agreements on nuclear weapons",
])
def test_questions_outside_the_fact_base_return_nothing(engine: Engine, query: str) -> None:
    answer = engine.answer(query)
    assert answer.facts == () and answer.total == 0, query


def test_subjects_not_covered_are_named(engine: Engine) -> None:
    assert engine.answer("positions ukraine").not_covered == ("Ukraine",)
    assert "Putin" in engine.answer("meetings with Putin").not_covered  # as typed


@pytest.mark.parametrize(("query", "label"), [
    ("meetings october 2022", "October 2022"), ("meetings sept", "September"),
    ("meetings november", "November"), ("meetings dec 2021", "December 2021"),
])
def test_months_are_named_in_full(engine: Engine, query: str, label: str) -> None:
    (date,) = [f for f in engine.parse(query).filters if f.field == "date"]
    assert date.label == label


@pytest.mark.parametrize(("query", "values", "label"), [
    ("meetings may 2022 and may 2022", ("2022-05",), "May 2022"),
    ("2022 june 2025 2022 june february", ("2022-06", "2022-02", "2025-06", "2025-02"),
     "June 2022 or February 2022 or June 2025 or February 2025"),
    ("meetings 2022 2022", ("2022",), "2022"),
])
def test_a_date_asked_twice_is_one_condition(engine: Engine, query: str,
                                             values: tuple[str, ...], label: str) -> None:
    (date,) = [f for f in engine.parse(query).filters if f.field == "date"]
    assert (date.values, date.label) == (values, label)


@pytest.mark.parametrize(("query", "years", "label"), [
    ("meetings before 2023 since 2021", ("2021", "2022"), "before 2023 and since 2021"),
    ("after 2024 before 2020", (), "after 2024 and before 2020"),
    ("before 1902 or after 2098", ("1900", "1901", "2099", "2100"),
     "before 1902 or after 2098"),
])
def test_year_ranges_asked_together(engine: Engine, query: str, years: tuple[str, ...],
                                    label: str) -> None:
    (date,) = [f for f in engine.parse(query).filters if f.field == "date"]
    assert (date.values, date.label) == (years, label)


def test_a_word_typed_twice_is_named_and_respelled_once(engine: Engine) -> None:
    answer = engine.answer("tawain tawain")
    assert answer.not_covered == ("tawain",)
    assert answer.suggestions == ("taiwan taiwan",)


def test_empty_year_suggests_dropping_it(engine: Engine) -> None:
    answer = engine.answer("meetings 2019")
    assert "meetings" in answer.suggestions
    for suggestion in answer.suggestions:
        assert engine.answer(suggestion).facts


def test_impossible_combination_suggests_what_exists(engine: Engine) -> None:
    answer = engine.answer("what did China say about Taiwan")
    assert answer.facts == ()
    assert "positions taiwan" in answer.suggestions


def test_did_you_mean_for_near_misses(engine: Engine) -> None:
    # Two slips in six letters is beyond what is read silently, but close enough to suggest.
    answer = engine.answer("positions tawain")
    assert answer.facts == ()
    assert answer.suggestions == ("positions taiwan",)


def test_typo_tolerance_does_not_invent_matches(engine: Engine) -> None:
    # 'change' is a real word three edits from 'exchanges': it must not be read as it.
    assert engine.answer("positions on climate change").facts == ()


def test_limit_caps_facts_but_counts_all(engine: Engine, fact_base: FactBase) -> None:
    answer = engine.answer("positions", limit=5)
    assert len(answer.facts) == 5
    assert answer.total == sum(1 for f in fact_base.facts if f.kind == "position")
    assert answer.more == answer.total - 5


def test_every_quote_shown_is_verbatim(engine: Engine, fact_base: FactBase) -> None:
    for query in ("timeline", "positions", "meetings", "agreements"):
        for fact in engine.answer(query).facts:
            for quote in fact.quotes:
                source = fact_base.sources[quote.source]
                assert normalize_space(quote.text) in normalize_space(source.text)


@pytest.mark.parametrize("question", [
    "How often have the leaders met?", "Who chairs the SCO?",
    "What were the outcomes of the Astana meeting?", "What did China offer to import?",
    "Is China Kyrgyzstan's biggest trade partner?",
])
def test_ordinary_question_words_do_not_block_an_answer(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.facts and not answer.not_covered, question


# --- the fact-check of issue 12: what must now answer, and what must no longer ---------------


@pytest.mark.parametrize(("question", "expected"), [
    ("what was agreed in February 2025", "agreement-2025-02-xi-japarov-beijing-consensuses"),
    ("agreements february 2025", "agreement-2025-02-xi-japarov-beijing-consensuses"),
    ("what did Xi and Japarov agree in Beijing in 2025",
     "agreement-2025-02-xi-japarov-beijing-consensuses"),
    ("1992", "position-2025-06-17-xi-relations-best-in-history"),
    ("diplomatic relations established", "position-2025-06-17-xi-relations-best-in-history"),
    ("Great Hall of the People", BEIJING_2022_MEETING),
    ("meetings Beijing Winter Olympics", BEIJING_2022_MEETING),
    ("meetings 2022 Winter Olympics", BEIJING_2022_MEETING),
    ("meetings second China-Central Asia Summit", ASTANA_MEETING),
    ("positions uzbekistan", "position-2025-06-17-xi-railway"),
    ("positions UKC railway", "position-2022-02-06-xi-railway"),
    ("positions Uzbekistan-Kyrgyzstan-China railway", "position-2025-06-17-japarov-railway"),
    ("positions XUAR", "position-2022-02-06-japarov-core-interests"),
    ("positions Hong Kong SAR", "position-2022-02-06-japarov-core-interests"),
    ("positions health care", "position-2022-02-06-xi-expand-cooperation-areas"),
    ("Global Civilisation Initiative", "position-2025-06-17-japarov-global-initiatives"),
    ("Belt and Road cooperation", "position-2022-02-06-japarov-railway-flagship"),
    ("positions connectivity japarov", "position-2025-06-17-japarov-railway"),
])
def test_questions_the_fact_check_made_answerable(engine: Engine, question: str,
                                                  expected: str) -> None:
    assert expected in ids(engine, question), question


@pytest.mark.parametrize(("name", "person"), [
    ("Chinese president", "xi-jinping"), ("Chinese leader", "xi-jinping"),
    ("President of China", "xi-jinping"), ("Kyrgyz president", "sadyr-japarov"),
    ("Kyrgyz leader", "sadyr-japarov"), ("Djaparov", "sadyr-japarov"),
])
def test_what_analysts_call_the_presidents(engine: Engine, name: str, person: str) -> None:
    answer = engine.answer(f"positions {name}")
    assert answer.facts and all(f.speaker == person for f in answer.facts)  # type: ignore[union-attr]


@pytest.mark.parametrize(("side", "country"), [("Chinese side", "china"),
                                               ("Kyrgyz side", "kyrgyzstan")])
def test_sides_by_their_name_in_the_sources(engine: Engine, side: str, country: str) -> None:
    answer = engine.answer(f"positions {side}")
    assert answer.facts and all(f.side == country for f in answer.facts)  # type: ignore[union-attr]


@pytest.mark.parametrize("query", [
    "protectionism", "red lines", "positions free trade", "positions rare earths",
    "positions lithium", "positions extremism", "agreements border crossings",
    "positions machine learning", "positions one-China policy",
])
def test_synonyms_that_added_ideas_no_longer_answer(engine: Engine, query: str) -> None:
    answer = engine.answer(query)
    assert answer.facts == () and answer.not_covered, query


def test_generic_rail_words_mean_railways_not_one_railway(fact_base: FactBase) -> None:
    specific = fact_base.topics["cku-railway"]
    for word in ("rail", "railway", "railroad", "train"):
        assert word not in {n.lower() for n in specific.names}
        assert word in {n.lower() for n in fact_base.topics["rail-transport"].names}


def test_event_names_are_not_aliases_of_organisations(fact_base: FactBase) -> None:
    event_names = {n.lower() for e in fact_base.events.values() for n in e.names}
    for organisation in fact_base.organisations.values():
        assert not event_names & {n.lower() for n in organisation.names}, organisation.id



def test_did_you_mean_is_tried_for_a_few_unknown_words_only(engine: Engine) -> None:
    """Each try re-parses the whole query, and a respelling counts only if every other word
    is known: past MAX_RESPELLED_WORDS unknown words none is tried."""
    assert engine.answer("tawain tawain").suggestions
    many = " ".join(f"tawain{letter}q" for letter in "abcdefgh"[:MAX_RESPELLED_WORDS + 1])
    answer = engine.answer(many)
    assert len(answer.not_covered) == MAX_RESPELLED_WORDS + 1
    assert answer.suggestions == ()


def test_a_query_over_the_longest_read_is_answered_without_reading_it(engine: Engine) -> None:
    query = "meetings " * (MAX_QUERY_CHARS // 9 + 1)
    answer = engine.answer(query)
    assert answer.too_long == len(query.strip()) and answer.facts == ()
    padded = " " * MAX_QUERY_CHARS + "meetings"  # blank space does not count
    assert engine.answer(padded).facts and not engine.answer(padded).too_long
