"""`relations check` as a contributor runs it: exact output and exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checker"


def run(case: str, *args: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.chdir(FIXTURES / case)
    code = main(["--facts", "facts", "--seeds", "seeds", "check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_fixture_passes(monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("clean", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert out == "3 facts from 1 sources: 0 error(s), 0 warning(s)\n"


def test_misspelled_person(monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("unknown-person", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert out.splitlines()[:2] == [
        "facts/facts.yaml:8:32: error: unknown person 'sadyr-japarow' in 'participants'",
        "    fix: did you mean 'sadyr-japarov'? add it to 'people' in an entities file, "
        "or fix the id",
    ]


def test_misquote_shows_closest_passage_and_word_difference(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("misquote", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert out.splitlines()[:2] == [
        "facts/facts.yaml:24:15: error: quote is not word for word in source "
        "'xinhua-2025-06-17-astana': quote has 'co-operation' where the source has "
        "'cooperation'; quote has 'investments.' where the source has 'investment.'",
        "    fix: copy the source's words exactly; the closest passage, at "
        "seeds/xinhua-2025-06-17-astana.txt:10, reads: \"Xi said China is willing to deepen "
        "cooperation with Kyrgyzstan in trade and investment.\"",
    ]


def test_several_mistakes_are_all_reported_in_one_run(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("several-mistakes", monkeypatch=monkeypatch, capsys=capsys)
    heads = [line.split(": error: ")[0] for line in out.splitlines() if ": error: " in line]
    assert code == 1
    assert heads == ["facts/facts.yaml:8:32", "facts/facts.yaml:21:5", "facts/facts.yaml:24:15"]
    assert out.splitlines()[-1] == "3 facts from 1 sources: 3 error(s), 0 warning(s)"


def test_warnings_do_not_fail_the_run(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("unused-entity", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert out.startswith("facts/entities.yaml:11:9: warning: person 'wang-yi' is not used")


def test_github_format_prints_annotations(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("duplicate-id", "--format", "github", monkeypatch=monkeypatch,
                         capsys=capsys)
    assert code == 1
    assert out == (
        "::error file=facts/facts.yaml,line=38,col=9::duplicate fact id "
        "'position-2025-06-17-xi-trade' (first at facts/facts.yaml:13). Fix: ids are unique "
        "across all files: if both are the same event merge them, else change the slug at the "
        "end of this one\n")
    assert "1 error(s)" in err


def test_github_format_escapes_file_names_and_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A file name from a pull request cannot end the annotation early or start another one."""
    shutil.copytree(FIXTURES / "clean", tmp_path, dirs_exist_ok=True)
    hostile = tmp_path / "facts" / "a\n::error file=x,line=1::100% pwned\r.yaml"
    hostile.write_text("facts: &a [*a]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["--facts", "facts", "--seeds", "seeds", "check", "--format", "github"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == [
        "::error file=facts/a%0A%3A%3Aerror file=x%2Cline=1%3A%3A100%25 pwned%0D.yaml,line=1,"
        "col=12::YAML alias '*a': aliases are not allowed here. Fix: write the value out in "
        "full: an alias (*name of an &name) can expand a few lines into gigabytes, so fact "
        "files and front matter may not use them",
    ]


def test_coverage_of_clean_fixture(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("clean", "--coverage", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert ("  seeds/xinhua-2025-06-17-astana.txt: 3 of 3 sentences quoted (100%); 0 with "
            "meeting, signing or statement cues left out") in out.splitlines()


def test_coverage_lists_what_a_pr_left_out(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # In 'bad-kind' the agreement fact does not load, so its sentence is not quoted.
    code, out, _ = run("bad-kind", "--coverage", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert ("    seeds/xinhua-2025-06-17-astana.txt:12: not quoted (signing: signed, joint "
            "statement): "
            "\"The two sides signed a joint statement.\"") in out.splitlines()


def test_real_fact_base_is_clean_and_fully_covered(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "error" not in out.replace("0 error(s)", "")
    assert out.count("0 with meeting, signing or statement cues left out") == 2


def test_control_characters_in_names_and_values_are_shown_escaped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A file name or a value cannot send escape sequences to the terminal or reorder text."""
    shutil.copytree(FIXTURES / "clean", tmp_path, dirs_exist_ok=True)
    (tmp_path / "facts" / "\x1b]0;pwned\x07\u202ex.yaml").write_text(
        '# yaml-language-server: $schema=./schema.json\n"\\e[2J": []\n', encoding="utf-8")
    (tmp_path / "facts" / "raw.yaml").write_text(
        "# yaml-language-server: $schema=./schema.json\nfacts: \x1b[2J\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["--facts", "facts", "--seeds", "seeds", "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[:4] == [
        "facts/\\x1b]0;pwned\\x07\\u202ex.yaml:2:1: error: unknown section '\\x1b[2J'",
        "    fix: sections are: facts, people, countries, places, organisations, events, topics",
        "facts/raw.yaml:2:8: error: character U+001B is not allowed in YAML",
        "    fix: remove it; fact files hold printable text only"]
    assert "\x1b" not in out and "\u202e" not in out


def test_a_file_name_that_is_not_utf8_is_shown_by_its_bytes(tmp_path: Path) -> None:
    """Python reads undecodable bytes of a name as lone surrogates, which a UTF-8 terminal
    or CI log cannot print: they are shown as \\xNN, and nothing raises."""
    shutil.copytree(FIXTURES / "clean", tmp_path, dirs_exist_ok=True)
    (tmp_path / os.fsdecode(b"facts/bad\xffname.yaml")).write_text("facts: &a [*a]\n")
    script = Path(sys.executable).parent / "relations"
    for form in ("text", "github"):
        result = subprocess.run(
            [str(script), "--facts", "facts", "--seeds", "seeds", "check", "--format", form],
            capture_output=True, cwd=tmp_path, timeout=60, check=False,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert result.returncode == 1, result.stderr
        assert b"facts/bad\\xffname.yaml" in result.stdout and b"Traceback" not in result.stderr
