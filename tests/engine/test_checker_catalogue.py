"""The checker catalogue: one small broken fact base per kind of mistake.

Each fixture under tests/fixtures/checker/<case>/ is the clean fixture (one tiny article in
seeds/, a few facts in facts/) with exactly one mistake. The test asserts every problem the
checker reports for it: file, line, column, severity and message, exactly as a contributor
reads them. Add a case by copying `clean/`, making one mistake, and listing what it reports.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.engine import check_fact_base

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "checker"
TODAY = date(2025, 7, 1)

EXPECTED: dict[str, list[tuple[str, int, int, str, str]]] = {
    'bad-enum': [
        ('facts/facts.yaml', 19, 13, 'error',
         "'stance' value 'promise' is not allowed"),
    ],
    'bad-kind': [
        ('facts/facts.yaml', 26, 5, 'error',
         "kind 'agrement' is not a fact kind"),
    ],
    'clean': [
    ],
    'date-after-source': [
        ('facts/facts.yaml', 15, 11, 'error',
         "date 2025-06-18 is after source 'xinhua-2025-06-17-astana' was published (2025-06-17)"),
    ],
    'duplicate-entity': [
        ('facts/entities.yaml', 23, 9, 'error',
         "duplicate topic id 'trade' (first at facts/entities.yaml:20)"),
    ],
    'duplicate-id': [
        ('facts/facts.yaml', 38, 9, 'error',
         "duplicate fact id 'position-2025-06-17-xi-trade' (first at facts/facts.yaml:13)"),
    ],
    'duplicate-key': [
        ('facts/facts.yaml', 16, 5, 'error',
         "duplicate key 'date' (first at line 15)"),
    ],
    'future-date': [
        ('facts/facts.yaml', 15, 11, 'error',
         'date 2090-06-17 is in the future'),
    ],
    'id-convention': [
        ('facts/facts.yaml', 26, 9, 'error',
         "fact id 'Joint_Statement' does not follow the convention"),
    ],
    'id-date-mismatch': [
        ('facts/facts.yaml', 13, 9, 'error',
         "fact id 'position-2025-06-16-xi-trade' does not start with its kind and date "
         "'position-2025-06-17-'"),
    ],
    'impossible-date': [
        ('facts/facts.yaml', 28, 11, 'error',
         "date '2025-02-30': 2025-02-30 is not a day of the calendar"),
    ],
    'malformed-date': [
        ('facts/facts.yaml', 28, 11, 'error',
         "date '17 June 2025' is not a valid date"),
    ],
    'misquote': [
        ('facts/facts.yaml', 24, 15, 'error',
         "quote is not word for word in source 'xinhua-2025-06-17-astana': quote has "
         "'co-operation' where the source has 'cooperation'; quote has 'investments.' where "
         "the source has 'investment.'"),
    ],
    'missing-field': [
        ('facts/facts.yaml', 26, 5, 'error',
         "missing field 'summary' in agreement fact"),
    ],
    'no-schema-comment': [
        ('facts/facts.yaml', 1, 1, 'warning',
         'the file does not start with the schema comment'),
    ],
    'not-a-meeting': [
        ('facts/facts.yaml', 20, 14, 'error',
         "'meeting' names 'meeting-2025-06-17-xi-japarov', which is not a meeting fact"),
    ],
    'quote-not-in-source': [
        ('facts/facts.yaml', 36, 15, 'error',
         "quote is not in source 'xinhua-2025-06-17-astana', and no passage of it is close"),
    ],
    'seed-front-matter': [
        ('seeds/xinhua-2025-06-17-astana.txt', 6, 1, 'error',
         "front matter 'published' value '17 June 2025' is not a date"),
    ],
    'several-mistakes': [
        ('facts/facts.yaml', 8, 32, 'error',
         "unknown person 'sadyr-japarow' in 'participants'"),
        ('facts/facts.yaml', 21, 5, 'error',
         "unknown field 'topic' in position fact"),
        ('facts/facts.yaml', 24, 15, 'error',
         "quote is not word for word in source 'xinhua-2025-06-17-astana': quote has "
         "'co-operation' where the source has 'cooperation'"),
    ],
    'shared-quote': [
        ('facts/facts.yaml', 47, 15, 'warning',
         "position facts 'position-2025-06-17-xi-trade' and "
         "'position-2025-06-17-xi-investment' share this quote"),
    ],
    'tab-indent': [
        ('facts/facts.yaml', 4, 1, 'error',
         'YAML syntax error: found a tab character that violates indentation'),
    ],
    'summary-drops-modality': [
        ('facts/facts.yaml', 16, 14, 'warning',
         "the quote says 'willing' but the summary does not (it says 'will' instead)"),
    ],
    'quote-without-subject': [
        # Cut to its own clause, the quote also lost the summary's 'willing'.
        ('facts/facts.yaml', 16, 14, 'warning', "the summary says 'willing' but no quote does"),
        ('facts/facts.yaml', 24, 15, 'warning',
         "the quote starts mid-sentence ('deepen cooperation with ...') and does not say who "
         "speaks or acts"),
    ],
    'wrong-paragraph': [
        ('facts/facts.yaml', 26, 20, 'error', 'the quote is in paragraph 2, not 3'),
    ],
    'witness-is-party': [
        ('facts/facts.yaml', 33, 20, 'error',
         "'xi-jinping' is both a party or signatory and a witness"),
        ('facts/facts.yaml', 33, 32, 'error',
         "'sadyr-japarov' is both a party or signatory and a witness"),
    ],
    'topic-without-synonyms': [
        ('facts/entities.yaml', 20, 9, 'warning',
         "topic 'trade' has no synonyms"),
    ],
    'unknown-country': [
        ('facts/facts.yaml', 18, 11, 'error',
         "unknown country 'chine' in 'side'"),
    ],
    'unknown-field': [
        ('facts/facts.yaml', 21, 5, 'error',
         "unknown field 'topic' in position fact"),
    ],
    'unknown-person': [
        ('facts/facts.yaml', 8, 32, 'error',
         "unknown person 'sadyr-japarow' in 'participants'"),
    ],
    'unknown-place': [
        ('facts/entities.yaml', 17, 9, 'warning',
         "place 'astana' is not used by any fact"),
        ('facts/facts.yaml', 7, 12, 'error',
         "unknown place 'astna' in 'place'"),
    ],
    'unknown-section': [
        ('facts/entities.yaml', 16, 1, 'error',
         "unknown section 'place'"),
        ('facts/facts.yaml', 7, 12, 'error',
         "unknown place 'astana' in 'place'"),
    ],
    'unknown-source': [
        ('facts/facts.yaml', 35, 17, 'error',
         "unknown source 'xinhua-2025-06-17-astan'"),
    ],
    'unknown-topic': [
        ('facts/entities.yaml', 20, 9, 'warning',
         "topic 'trade' is not used by any fact"),
        ('facts/facts.yaml', 21, 14, 'error',
         "unknown topic 'trad' in 'topics'"),
    ],
    'unused-entity': [
        ('facts/entities.yaml', 11, 9, 'warning',
         "person 'wang-yi' is not used by any fact"),
    ],
    'wrong-type': [
        ('facts/facts.yaml', 8, 19, 'error',
         "'participants' must be a list, not text"),
    ],
    'yaml-syntax': [
        ('facts/facts.yaml', 6, 28, 'error',
         'YAML syntax error: mapping values are not allowed in this context'),
    ],
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_reports_exactly(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / case)
    _, problems = check_fact_base(Path("facts"), Path("seeds"), today=TODAY)
    got = [(p.path, p.line, p.column, p.severity, p.message) for p in problems]
    assert got == EXPECTED[case]
    assert all(p.fix for p in problems), "every problem says how to fix it"


def test_every_fixture_is_in_the_catalogue() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_catalogue_has_at_least_twenty_broken_fact_bases() -> None:
    broken = [case for case, problems in EXPECTED.items() if problems]
    assert len(broken) >= 20


def test_clean_fixture_passes_with_no_warnings() -> None:
    assert EXPECTED["clean"] == []


def test_misspelled_person_suggests_the_known_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "unknown-person")
    _, problems = check_fact_base(Path("facts"), Path("seeds"), today=TODAY)
    assert problems[0].fix.startswith("did you mean 'sadyr-japarov'?")


def test_misquote_fix_shows_the_closest_passage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "misquote")
    _, problems = check_fact_base(Path("facts"), Path("seeds"), today=TODAY)
    assert problems[0].fix == (
        "copy the source's words exactly; the closest passage, at "
        "seeds/xinhua-2025-06-17-astana.txt:10, reads: \"Xi said China is willing to deepen "
        "cooperation with Kyrgyzstan in trade and investment.\"")


def test_the_real_fact_base_is_clean() -> None:
    root = Path(__file__).resolve().parent.parent.parent
    _, problems = check_fact_base(root / "facts", root / "seeds")
    assert [p.format() for p in problems] == []
