"""The modality check: a summary that drops or changes the source's modality, or closes an open
list, gets a warning with its fix; the real fact base gets none."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import FactBase
from bot.engine.loader.messages import message
from bot.engine.modality import modality_findings
from bot.engine.models import Quote
from bot.engine.problems import Finding
from bot.engine.subjects import subject_findings
from tests.engine.edited import check_edited


def worded(finding: Finding) -> tuple[str, str]:
    """The (message, fix) a contributor reads for a finding."""
    return message(finding.code, **finding.values)


def test_the_real_fact_base_keeps_every_modality(fact_base: FactBase) -> None:
    for fact in fact_base.facts:
        assert modality_findings(fact) == [], fact.id


# Weakened summaries, as the fact-check found them (issue 12), and the word each must keep.
WEAKENED = [
    ("position-2025-06-17-xi-sco-presidency",
     "Xi said China will work with Kyrgyzstan to support each other and promote the SCO.",
     "'willing'", ""),  # 'will' is the quote's too ("the two sides will successively assume")
    ("position-2022-02-06-xi-agricultural-imports",
     "Xi said China will increase its import of agricultural products from Kyrgyzstan.",
     "'willing'", "it says 'will' instead"),
    ("position-2025-06-17-xi-mutual-support-core-interests",
     "Xi said China and Kyrgyzstan should keep firmly supporting each other.",
     "'ready'", "it says 'should' instead"),
    ("position-2022-02-06-xi-railway",
     "Xi said China supports the construction of the China-Kyrgyzstan-Uzbekistan railway.",
     "'willing'", ""),
    ("position-2022-02-06-japarov-international-regional-coordination",
     "Zhaparov said Kyrgyzstan hopes to enhance coordination with China.",
     "'expects'", "it says 'hopes' instead"),
    ("position-2025-06-17-xi-financial-cooperation",
     "Xi said the two sides deepen financial cooperation.", "'urged'", ""),
    ("position-2025-06-17-xi-oppose-unilateralism",
     "Xi said the two sides oppose unilateralism.", "'called on'", ""),
]


@pytest.mark.parametrize(("fact_id", "summary", "kept", "instead"), WEAKENED)
def test_dropped_or_changed_modality_is_a_warning_with_its_fix(
        fact_base: FactBase, fact_id: str, summary: str, kept: str, instead: str) -> None:
    fact = fact_base.by_id[fact_id].model_copy(update={"summary": summary})
    (finding,) = modality_findings(fact)
    text, fix = worded(finding)
    assert finding.severity == "warning"
    assert kept in text and instead in text
    assert f"say {kept} in the summary" in fix


@pytest.mark.parametrize(("fact_id", "summary"), [
    ("position-2025-06-17-xi-people-to-people-exchanges",
     "Xi called on the two sides to enhance communication in culture, tourism, education and "
     "health."),
    ("position-2022-02-06-xi-expand-cooperation-areas",
     "Xi voiced China's willingness to expand cooperation in healthcare, poverty alleviation, "
     "vocational education, women and youth affairs."),
    ("agreement-2022-02-06-cooperation-documents",
     "China and Kyrgyzstan signed documents on culture, green development and the translation "
     "of classic works."),
])
def test_an_open_list_closed_by_the_summary_is_a_warning(fact_base: FactBase, fact_id: str,
                                                         summary: str) -> None:
    fact = fact_base.by_id[fact_id].model_copy(update={"summary": summary})
    (finding,) = modality_findings(fact)
    text, fix = worded(finding)
    assert "list is open" in text
    assert "keep the list open" in fix


def test_a_list_of_another_clause_in_a_widened_quote_is_not_the_summarys(
        fact_base: FactBase) -> None:
    # The quote names its speaker, so it holds the clause before: "fields such as culture...".
    fact = fact_base.by_id["position-2025-06-17-xi-livelihood-projects"]
    assert "such as" in fact.quotes[0].text
    assert modality_findings(fact) == []


def test_relations_check_reports_the_warning_at_the_summary_line(tmp_path: object) -> None:
    problems, lines = check_edited(tmp_path, "xinhua-2025-06-17-astana.yaml", {
        "Xi said China is willing to work with Kyrgyzstan to support each other and\n"
        "      jointly promote": "Xi said China will work with Kyrgyzstan to support each other "
        "and\n      jointly promote"})
    (problem,) = [p for p in problems if "modality" in p.fix]
    assert problem.severity == "warning"
    assert problem.path.endswith("xinhua-2025-06-17-astana.yaml")
    assert lines[problem.line - 1].strip() == "summary: >-"
    assert not [p for p in problems if p.severity == "error"]


def test_a_quote_without_its_subject_is_a_warning_with_the_widened_quote(
        tmp_path: object) -> None:
    problems, lines = check_edited(tmp_path, "xinhua-2025-06-17-astana.yaml", {
        "        text: Xi urged the two sides to deepen financial cooperation, improve "
        "connectivity networks\n": "        text: improve connectivity networks\n"})
    (problem,) = [p for p in problems if "mid-sentence" in p.message]
    assert problem.severity == "warning"
    assert lines[problem.line - 1].strip() == "text: improve connectivity networks"
    assert problem.fix.endswith(
        'e.g. "Xi urged the two sides to deepen financial cooperation, improve connectivity '
        'networks"')


@pytest.mark.parametrize("quote", [
    "he called on the two sides to jointly oppose unilateralism",  # a pronoun opens it
    "said Xi, adding that the Chinese side firmly supports the Kyrgyz side",  # the speaker
])
def test_a_quote_opened_by_its_speaker_stands_on_its_own(fact_base: FactBase,
                                                         quote: str) -> None:
    fact = fact_base.by_id["position-2025-06-17-xi-oppose-unilateralism"].model_copy(
        update={"quotes": (Quote(source="xinhua-2025-06-17-astana", text=quote),)})
    assert subject_findings(fact, fact_base.sources, fact_base.people) == []


def test_relations_check_prints_the_warning_and_its_fix_and_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check_edited(tmp_path, "xinhua-2022-02-06-beijing.yaml", {
        "      Xi said China is willing to support the construction of the "
        "China-Kyrgyzstan-Uzbekistan\n      railway.":
        "      Xi said China supports the construction of the China-Kyrgyzstan-Uzbekistan\n"
        "      railway."})
    code = main(["--facts", str(tmp_path / "facts"), "--seeds", str(tmp_path / "seeds"),
                 "check"])
    out = capsys.readouterr().out.splitlines()
    (index,) = [i for i, line in enumerate(out) if "warning: the quote says 'willing'" in line]
    assert out[index].split(":")[0].endswith("facts/xinhua-2022-02-06-beijing.yaml")
    assert out[index + 1].startswith("    fix: keep the source's modality")
    assert out[-1].endswith("0 error(s), 1 warning(s)")
    assert code == 0  # a warning does not fail the run


def test_a_modal_word_the_summary_adds_is_a_warning(fact_base: FactBase) -> None:
    fact = fact_base.by_id["position-2025-06-17-japarov-core-interests"].model_copy(
        update={"summary": "Japarov said the Kyrgyz side will firmly support China's stance."})
    (finding,) = modality_findings(fact)
    text, fix = worded(finding)
    assert text == "the summary says 'will' but no quote does"
    assert "\"supports\" is not \"will support\"" in fix
