"""The hostile catalogue: fact bases a pull request could send to take the checker down.

Each case copies the clean checker fixture (tests/fixtures/checker/clean) into a temporary
folder and breaks it one way: YAML that expands or nests without end, files that are not
files, numbers and text too long, bytes that are not UTF-8, quotes too short to mean
anything, dates in other digits, references by the thousand. The check runs in a child
process (tests/bounded.py) with a time and a memory bound, and the test asserts
every problem it reports (file, line, column, severity, message) and that each says how
to fix it. Links and folders are made here, not stored, since git would not keep them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import Engine, check_fact_base, load_fact_base
from bot.engine.index import FactIndex
from tests.bounded import run_bounded

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "checker" / "clean"
SCHEMA_LINE = "# yaml-language-server: $schema=./schema.json\n"
SECRET = "TOP-SECRET-CONTENT-OF-A-FILE-OUTSIDE"
FACTS = "facts/facts.yaml"
SEED = "seeds/xinhua-2025-06-17-astana.txt"

TODAY = date(2025, 7, 1)
Expected = list[tuple[str, int, int, str, str]]
Reported = list[tuple[str, int, int, str, str, str]]  # ... and the fix
# What a case does to the clean fixture, and what the check reports; a case that writes
# many facts returns what it expects instead.
Case = tuple[Callable[[Path], Expected | None], Expected]


def check_bounded(root: Path, prepare: Callable[[], None] | None = None) -> Reported:
    """Every problem the checker reports for root/facts and root/seeds, checked in a child
    process under a time and a memory bound (tests/bounded.py)."""
    def check() -> Reported:
        os.chdir(root)
        if prepare is not None:
            prepare()
        _, problems = check_fact_base(Path("facts"), Path("seeds"), today=TODAY)
        return [(p.path, p.line, p.column, p.severity, p.message, p.fix) for p in problems]
    return run_bounded(check).result


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def _extra(root: Path, text: str, name: str = "facts/extra.yaml") -> None:
    """An extra fact file, with the schema line (so only the mistake is reported)."""
    _write(root, name, SCHEMA_LINE + text)


def _edit(root: Path, old: str, new: str, name: str = FACTS) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _link(root: Path, name: str, target: str | Path) -> None:
    os.symlink(target, root / name)


# --- YAML that expands or nests --------------------------------------------------------------

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _nested_flow(levels: int) -> str:
    return "facts: " + "[" * levels + "]" * levels + "\n"


def _nested_block(levels: int) -> str:
    return "facts:\n" + "".join("  " * (n + 1) + "x:\n" for n in range(levels))


def _outside(root: Path) -> Path:
    """A file outside the fact base, with content that must never be shown."""
    secret = root.parent / "secret.yaml"
    secret.write_text(f"facts: {SECRET}\n{SECRET}: [\n", encoding="utf-8")
    return secret


def _fifo(root: Path, name: str) -> None:
    os.mkfifo(root / name)


def _sparse(root: Path, name: str, size: int) -> None:
    with open(root / name, "wb") as file:
        file.truncate(size)


SIXTY_QUOTES = ("facts:\n  - id: agreement-2025-06-17-many-quotes\n    kind: agreement\n"
                '    date: "2025-06-17"\n    summary: A statement.\n    document: statement\n'
                "    parties: [china, kyrgyzstan]\n    quotes:\n"
                + "      - {source: xinhua-2025-06-17-astana, text: The two sides signed}\n" * 60)


EDIT_CASES: dict[str, tuple[str, str, Expected]] = {
    # Numbers, text and lists past their bounds.
    "number-5000-digits": ("summary: Xi Jinping met Sadyr Japarov in Astana.",
                           "summary: " + "9" * 5000, [
        (FACTS, 6, 14, "error", "a number 5,000 characters long (at most 100)"),
    ]),
    "summary-2-megabytes": ("summary: Xi Jinping met Sadyr Japarov in Astana.",
                            "summary: " + "word " * 400_000, [
        (FACTS, 6, 14, 'error',
         "'summary' is 1,999,999 characters long, more than 1,500"),
    ]),
    "name-too-long": ("name: Sadyr Japarov", "name: " + "Sadyr " * 100, [
        ('facts/entities.yaml', 8, 11, 'error',
         "'name' is 599 characters long, more than 300"),
    ]),
    "id-too-long": ("meeting: meeting-2025-06-17-xi-japarov-astana\n    topics",
                    "meeting: meeting-2025-06-17-" + "x" * 200 + "\n    topics", [
        (FACTS, 20, 14, "error", "'meeting' is 219 characters long, more than 120"),
    ]),
    "summary-terminal-escape": ("summary: Xi Jinping met Sadyr Japarov in Astana.",
                                'summary: "Xi met Japarov\\e[2J\\e]0;pwned\\a in Astana."', [
        (FACTS, 6, 14, 'error',
         "'summary' holds a control character U+001B"),
    ]),
    "name-bidi-override": ("name: Sadyr Japarov", 'name: "Sadyr \\u202eJaparov"', [
        ('facts/entities.yaml', 8, 11, 'error',
         "'name' holds a control character U+202E"),
    ]),
    "field-name-of-500-characters": ("    kind: meeting\n", "    kind: meeting\n    " + "k" * 500
                                     + ": x\n", [
        (FACTS, 5, 5, "error", "unknown field '" + "k" * 140 + "… (500 characters)' in meeting "
         "fact"),
    ]),
    # Dates in digits other than ASCII.
    "date-arabic-indic": ('date: "2025-06-17"', 'date: "٢٠٢٥-٠٦-١٧"', [
        (FACTS, 5, 11, 'error',
         "date '٢٠٢٥-٠٦-١٧' is not a valid date"),
    ]),
    "date-fullwidth": ('date: "2025-06-17"', 'date: "２０２５-０６-１７"', [
        (FACTS, 5, 11, 'error',
         "date '２０２５-０６-１７' is not a valid date"),
    ]),
    # Quotes that are in the source but prove nothing.
    "quote-one-letter": ("text: The two sides signed a joint statement.", "text: a", [
        (FACTS, 36, 15, 'error',
         'quote has 1 word: too short to show anything'),
        (FACTS, 36, 15, 'warning',
         "the quote starts mid-sentence ('a ...') and does not say who speaks or acts"),
    ]),
    "quote-two-words": ("text: The two sides signed a joint statement.",
                        "text: joint statement", [
        (FACTS, 36, 15, 'error',
         'quote has 2 words: too short to show anything'),
        (FACTS, 36, 15, 'warning',
         "the quote starts mid-sentence ('joint statement ...') and does not say who speaks "
         "or acts"),
    ]),
    "quote-mid-word": ("text: The two sides signed a joint statement.",
                       "text: wo sides signed a joint statem", [
        (FACTS, 36, 15, 'error',
         'quote starts or ends inside a word of the source, which reads: "…nd investment. '
         'The two sides signed a joint statement.…"'),
        (FACTS, 36, 15, 'warning',
         "the quote starts mid-sentence ('wo sides signed ...') and does not say who speaks "
         "or acts"),
    ]),
}


def _edit_case(old: str, new: str) -> Callable[[Path], None]:
    """Replace `old` in facts.yaml, or else in entities.yaml."""
    def edit(root: Path) -> None:
        in_facts = old in (root / FACTS).read_text(encoding="utf-8")
        _edit(root, old, new, FACTS if in_facts else "facts/entities.yaml")
    return edit


def _many_wrong_meetings(root: Path, count: int = 1000) -> Expected:
    """`count` meetings, and as many positions naming a meeting id that does not exist."""
    sentences = [f"Delegate number {n} attended the talks." for n in range(count)]
    _write(root, "seeds/many.txt", "---\nid: many\nheadline: Many\npublisher: Xinhua\n"
           "dateline: Astana\npublished: 2025-06-17\n---\n" + "\n".join(sentences) + "\n")
    windows = [f"Delegate number {n} attended" for n in range(count)]
    lines, expected = [SCHEMA_LINE, "facts:\n"], []
    for n, quote in enumerate(windows):
        lines += [f"  - id: meeting-2025-06-17-m{n}\n", "    kind: meeting\n",
                  '    date: "2025-06-17"\n', "    summary: A meeting.\n",
                  "    participants: [xi-jinping, sadyr-japarov]\n",
                  f"    quotes: [{{source: many, text: '{quote}'}}]\n",
                  f"  - id: position-2025-06-17-p{n}\n", "    kind: position\n",
                  '    date: "2025-06-17"\n', "    summary: A position.\n",
                  "    side: china\n", "    stance: assessment\n",
                  f"    meeting: meeting-2025-06-17-mx{n}x\n",
                  f"    quotes: [{{source: many, text: '{quote}'}}]\n"]
        expected.append(("facts/many.yaml", 15 + 14 * n, 14, "error",
                         f"'meeting' names 'meeting-2025-06-17-mx{n}x', which is not a meeting "
                         "fact"))
    (root / "facts/many.yaml").write_text("".join(lines), encoding="utf-8")
    return sorted(expected)


def _many_unknown_fields(root: Path, count: int = 20_000) -> Expected:
    """One fact with `count` fields no fact has: a problem each, each located by its key."""
    _extra(root, "facts:\n  - id: meeting-2025-06-17-many-fields\n    kind: meeting\n"
           '    date: "2025-06-17"\n    summary: A meeting.\n'
           "    participants: [xi-jinping, sadyr-japarov]\n"
           "    quotes: [{source: xinhua-2025-06-17-astana, text: The two sides signed}]\n"
           + "".join(f"    field{n}: x\n" for n in range(count)))
    return [("facts/extra.yaml", 9 + n, 5, "error", f"unknown field 'field{n}' in meeting fact")
            for n in range(count)]


def _misquotes_of_a_long_article(root: Path, count: int = 8) -> None:
    """A 1 MB article and `count` facts each quoting six of its sentences with one word
    changed: finding each closest passage would take a third of a second."""
    sentences = [f"Delegate number {n} attended the talks in Astana." for n in range(20_000)]
    _write(root, "seeds/long.txt", "---\nid: long\nheadline: Long\npublisher: Xinhua\n"
           "dateline: Astana\npublished: 2025-06-17\n---\n" + "\n".join(sentences) + "\n")
    lines = [SCHEMA_LINE, "facts:\n"]
    for n in range(count):
        quote = " ".join(sentences[1000 * n:1000 * n + 6]).replace("talks", "summit", 1)
        lines += [f"  - id: position-2025-06-17-q{n}\n", "    kind: position\n",
                  '    date: "2025-06-17"\n', "    summary: A position.\n",
                  "    side: china\n", "    stance: assessment\n",
                  f"    quotes: [{{source: long, text: '{quote}'}}]\n"]
    (root / "facts/long.yaml").write_text("".join(lines), encoding="utf-8")


CASES: dict[str, Case] = {
    **{name: (_edit_case(old, new), expected)
       for name, (old, new, expected) in EDIT_CASES.items()},
    "sixty-quotes": (lambda root: _extra(root, SIXTY_QUOTES), [
        ('facts/extra.yaml', 10, 7, 'error',
         "'quotes' has 60 items, more than 50"),
    ]),
    "alias-bomb": (lambda root: _extra(root, ALIAS_BOMB), [
        ('facts/extra.yaml', 3, 8, 'error',
         "YAML alias '*a': aliases are not allowed here"),
    ]),
    "recursive-alias": (lambda root: _extra(root, "facts: &loop [*loop]\n"), [
        ('facts/extra.yaml', 2, 15, 'error',
         "YAML alias '*loop': aliases are not allowed here"),
    ]),
    "merge-key": (lambda root: _extra(root, "x: &base {kind: meeting}\nfacts:\n  - <<: *base\n"),
                  [
        ('facts/extra.yaml', 4, 9, 'error',
         "YAML alias '*base': aliases are not allowed here"),
    ]),
    "nesting-2000-flow": (lambda root: _extra(root, _nested_flow(2000)), [
        ("facts/extra.yaml", 2, 47, "error", "YAML nested more than 40 levels deep"),
    ]),
    "nesting-30000-flow": (lambda root: _extra(root, _nested_flow(30000)), [
        ("facts/extra.yaml", 2, 47, "error", "YAML nested more than 40 levels deep"),
    ]),
    "nesting-block": (lambda root: _extra(root, _nested_block(150)), [
        ("facts/extra.yaml", 42, 81, "error", "YAML nested more than 40 levels deep"),
    ]),
    "nesting-sequence": (lambda root: _extra(root, "facts:\n" + "- " * 5000 + "x\n"), [
        ("facts/extra.yaml", 3, 79, "error", "YAML nested more than 40 levels deep"),
    ]),
    "nesting-41-without-star": (lambda root: _extra(root, _nested_flow(41)), [
        ("facts/extra.yaml", 2, 47, "error", "YAML nested more than 40 levels deep"),
    ]),
    "python-tag": (lambda root: _extra(
        root, "facts: !!python/object/apply:os.system ['touch pwned']\n"), [
        ('facts/extra.yaml', 2, 8, 'error',
         "unsupported YAML tag '!!python/object/apply:os.system'"),
    ]),
    # Files that are not files of the fact base.
    "link-to-dev-zero": (lambda root: _link(root, "facts/zero.yaml", "/dev/zero"), [
        ('facts/zero.yaml', 1, 1, 'error',
         'is a symbolic link to something outside the folder; it is not read'),
    ]),
    "link-outside": (lambda root: _link(root, "facts/outside.yaml", _outside(root)), [
        ('facts/outside.yaml', 1, 1, 'error',
         'is a symbolic link to something outside the folder; it is not read'),
    ]),
    "link-dangling": (lambda root: _link(root, "facts/gone.yaml", root / "nowhere.yaml"), [
        ('facts/gone.yaml', 1, 1, 'error',
         'is a symbolic link to nothing (dangling)'),
    ]),
    "link-loop": (lambda root: (_link(root, "facts/a.yaml", root / "facts/b.yaml"),
                                _link(root, "facts/b.yaml", root / "facts/a.yaml")), [
        ('facts/a.yaml', 1, 1, 'error',
         'is a symbolic link that loops'),
        ('facts/b.yaml', 1, 1, 'error',
         'is a symbolic link that loops'),
    ]),
    "folder-named-yaml": (lambda root: (root / "facts/x.yaml").mkdir(), [
        ('facts/x.yaml', 1, 1, 'error',
         'is a folder, not a regular file; it is not read'),
    ]),
    "fifo-named-yaml": (lambda root: _fifo(root, "facts/pipe.yaml"), [
        ('facts/pipe.yaml', 1, 1, 'error',
         'is a pipe, not a regular file; it is not read'),
    ]),
    "file-too-big": (lambda root: _sparse(root, "facts/huge.yaml", 9 * 1024 * 1024), [
        ('facts/huge.yaml', 1, 1, 'error',
         'is 9,437,184 bytes, more than the 8,388,608 a file here may have'),
    ]),
    "fact-file-not-utf8": (lambda root: (root / "facts/latin1.yaml").write_bytes(
        SCHEMA_LINE.encode() + "facts:\n  # Bishkek café\n".encode("latin-1")), [
        ('facts/latin1.yaml', 3, 1, 'error',
         'not UTF-8 text: byte 0xe9 on line 3 (invalid continuation byte)'),
    ]),
    "seed-not-utf8": (lambda root: (root / "seeds/latin1.txt").write_bytes(
        "---\nid: latin1\n---\nCaf\xe9 society\n".encode("latin-1")), [
        ('seeds/latin1.txt', 4, 1, 'error',
         'not UTF-8 text: byte 0xe9 on line 4 (invalid continuation byte)'),
    ]),
    "seed-link-outside": (lambda root: _link(root, "seeds/outside.txt", _outside(root)), [
        ('seeds/outside.txt', 1, 1, 'error',
         'is a symbolic link to something outside the folder; it is not read'),
    ]),
    "seed-link-to-dev-zero": (lambda root: _link(root, "seeds/zero.txt", "/dev/zero"), [
        ('seeds/zero.txt', 1, 1, 'error',
         'is a symbolic link to something outside the folder; it is not read'),
    ]),
    "many-wrong-meeting-references": (_many_wrong_meetings, []),
    "many-unknown-fields": (_many_unknown_fields, []),
    "misquotes-of-a-long-article": (_misquotes_of_a_long_article, [
        *[("facts/long.yaml", 9 + 7 * n, 35, "error", "quote is not word for word in source "
           "'long': quote has 'summit' where the source has 'talks'") for n in range(3)],
        *[("facts/long.yaml", 9 + 7 * n, 35, "error",
           "quote is not word for word in source 'long'") for n in range(3, 8)],
    ]),
    "link-to-folder-outside": (lambda root: _link(root, "facts/etc.yaml", "/etc"), [
        ("facts/etc.yaml", 1, 1, "error",
         "is a symbolic link to something outside the folder; it is not read"),
    ]),
    "seed-front-matter-alias": (lambda root: _write(
        root, "seeds/alias.txt", "---\nid: &i alias\nheadline: *i\n---\nText.\n"), [
        ('seeds/alias.txt', 3, 1, 'error',
         "front matter is not valid YAML: YAML alias '*i': aliases are not allowed here"),
    ]),
    "seed-control-character": (lambda root: _write(
        root, "seeds/esc.txt", "---\nid: esc\nheadline: Esc\npublisher: X\ndateline: Y\n"
        "published: 2025-06-17\n---\nXi said \x1b]0;pwned\x07 the sides met.\n"), [
        ("seeds/esc.txt", 8, 9, "error", "control character U+001B in the article"),
    ]),
    "seed-folder-named-txt": (lambda root: (root / "seeds/x.txt").mkdir(), [
        ("seeds/x.txt", 1, 1, "error", "is a folder, not a regular file; it is not read"),
    ]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_fact_base_is_reported_fast_and_exactly(case: str, tmp_path: Path) -> None:
    build, expected = CASES[case]
    root = tmp_path / "base"
    shutil.copytree(CLEAN, root)
    built = build(root)
    if isinstance(built, list):
        expected = built
    problems = check_bounded(root)
    assert [problem[:5] for problem in problems] == expected
    assert all(problem[5] for problem in problems), "every problem says how to fix it"
    assert not any(SECRET in text for problem in problems for text in problem[3:]), \
        "nothing of a file outside the fact base appears in a message"


def test_wrong_meeting_references_suggest_the_meeting_meant(tmp_path: Path) -> None:
    root = tmp_path / "base"
    shutil.copytree(CLEAN, root)
    _many_wrong_meetings(root, count=200)
    fixes = [problem[5] for problem in check_bounded(root)]
    assert len(fixes) == 200
    assert all(fix.startswith(f"did you mean 'meeting-2025-06-17-m{n}'? ")
               for n, fix in zip(sorted(range(200), key=lambda n: 15 + 14 * n), fixes,
                                 strict=True))


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    root = tmp_path / "base"
    shutil.copytree(CLEAN, root)
    locked = root / "facts" / "locked.yaml"
    locked.write_text(SCHEMA_LINE + "facts:\n", encoding="utf-8")
    locked.chmod(0)

    def refuse_to_open() -> None:
        """As the kernel does for a file without read permission. The tests may run as root,
        whom chmod does not stop, so opening that one file is refused here."""
        real_open = os.open

        def guarded(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(path).name == "locked.yaml":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        os.open = guarded  # type: ignore[assignment]

    assert [problem[:5] for problem in check_bounded(root, prepare=refuse_to_open)] == [
        ("facts/locked.yaml", 1, 1, "error", "cannot be read: Permission denied")]


def test_a_huge_file_is_not_read_to_hash_the_fact_base(tmp_path: Path) -> None:
    """The snapshot key and the fact-base version hash every file; a 64 GiB sparse file
    (no disk used) must cost a stat, not a read."""
    from bot.engine.cache import content_key
    from bot.engine.version import content_hash

    root = tmp_path / "base"
    shutil.copytree(CLEAN, root)
    _sparse(root, "facts/huge.yaml", 64 * 1024 ** 3)
    def hashes() -> tuple[str, str]:
        return (content_key(root / "facts", root / "seeds"),
                content_hash(root / "facts", root / "seeds"))

    before = run_bounded(hashes).result
    (root / "facts/huge.yaml").write_bytes(b"facts:\n")
    after = hashes()
    assert before[0] != after[0] and before[1] != after[1]


def test_a_word_of_near_fifteen_hundred_letters_is_indexed_in_bounded_time(tmp_path: Path) -> None:
    """A summary may hold one word of almost 1,500 letters: its two-letter deletions (a million
    strings of 1,500 bytes) took gigabytes to index for typo lookups; such a word is found
    exactly, never through a typo."""
    root = tmp_path / "base"
    shutil.copytree(CLEAN, root)
    word = "".join(chr(ord("a") + (n * 7 + n // 26) % 26) for n in range(1480))
    _edit(root, "summary: Xi Jinping met Sadyr Japarov in Astana.", f"summary: Xi met {word}.")

    def load_and_ask() -> tuple[int, tuple[str, ...]]:
        fact_base = load_fact_base(root / "facts", root / "seeds")
        engine = Engine(fact_base, FactIndex(fact_base))  # the typo index built with it
        return (len(engine.answer("meetings astana").facts),
                engine.answer(word[:999]).not_covered)  # no typo lookup from a long word

    assert run_bounded(load_and_ask).result == (1, (word[:999],))


# --- any damage at all: reported, never raised ------------------------------------------------

_TOKENS = [b"&a ", b"*a", b"[", b"]", b"{", b"}", b": ", b"- ", b"\n", b"  ", b"!!int ",
           b"!!bool ", b"!!str ", b"!!binary ", b"? ", b"|", b">-", b"'", b'"', b"#", b"\t",
           b"\xff", b"\x00", b"9" * 30, b"null", b"~", b"2025-13-40", "\u202e".encode(),
           b"<<: ", b"---\n", b"...\n", b"%YAML 1.1\n", b"!foo ", b".inf", b"true", b"\\e",
           b": !!int abc", b": !!bool maybe", b": !!float x", b": !!timestamp 2025-99"]
_FILES = [FACTS, "facts/entities.yaml", SEED]


@settings(max_examples=150, deadline=timedelta(seconds=2), derandomize=True, database=None)
@given(which=st.sampled_from(_FILES),
       edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "byte"]),
                                st.sampled_from(_TOKENS), st.integers(0, 255)),
                      min_size=1, max_size=6))
def test_any_damage_to_a_file_is_reported_never_raised(
        tmp_path_factory: pytest.TempPathFactory, which: str,
        edits: list[tuple[float, str, bytes, int]]) -> None:
    """Random insertions of YAML's special tokens, deletions and stray bytes in a fact file,
    the entities file or a seed: the checker returns problems, each printable in both
    formats; it never raises (a fuzzer found '!!int abc' and '!!bool maybe' did)."""
    root = tmp_path_factory.mktemp("damaged")
    shutil.copytree(CLEAN, root, dirs_exist_ok=True)
    data = bytearray((root / which).read_bytes())
    for where, operation, token, byte in edits:
        at = int(where * len(data))
        if operation == "insert":
            data[at:at] = token
        elif operation == "delete":
            del data[at:at + 1 + byte % 20]
        elif data:
            data[min(at, len(data) - 1)] = byte
    (root / which).write_bytes(bytes(data))
    _, problems = check_fact_base(root / "facts", root / "seeds", today=TODAY)
    for problem in problems:
        assert problem.format() and problem.format_github()
