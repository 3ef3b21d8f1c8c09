"""Source articles in `seeds/`: YAML front matter between `---` lines, then the verbatim text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import ValidationError

from .files import Unreadable, files_under, read_text
from .models import Source
from .problems import Problem, first_unprintable
from .yamlfile import DuplicateKey, parse_yaml

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
SOURCE_SUFFIXES = (".txt", ".md")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (no-break spaces too) to one space.

    Quotes must match their source word for word, whitespace aside. (str.split knows the
    same whitespace as the regular expression \\s, and is several times faster.)
    """
    return " ".join(text.split())


def source_files(seeds_dir: Path) -> list[Path]:
    """Every seed entry, regular file or not (reading reports the others)."""
    return [p for p in files_under(seeds_dir, SOURCE_SUFFIXES) if p.name.lower() != "readme.md"]


def with_texts(sources: Mapping[str, Source], seeds_dir: Path) -> dict[str, Source]:
    """These sources with their text, read again from `seeds_dir`: a snapshot keeps them
    without it (bot/engine/snapshot.py). One no longer readable stays without."""
    read: dict[str, Source] = {}
    for path in source_files(seeds_dir):
        source, _ = read_source(path, str(path), seeds_dir)
        if source is not None and source.id in sources:
            read[source.id] = source
    return {source_id: read.get(source_id, source) for source_id, source in sources.items()}


def read_source(path: Path, display_path: str,
                seeds_dir: Path | None = None) -> tuple[Source | None, list[Problem]]:
    """Read one seed file; return the source or the problems that stop it loading."""
    try:
        raw = read_text(path, seeds_dir or path.parent)
    except Unreadable as exc:
        return None, [Problem(display_path, exc.line, 1, "error", exc.message, exc.fix)]
    control = first_unprintable(raw, allowed="\n\r\t")
    if control is not None:  # a published article has none; a terminal would obey them
        at = raw.index(control)
        return None, [Problem(display_path, raw.count("\n", 0, at) + 1,
                              at - raw.rfind("\n", 0, at), "error",
                              f"control character U+{ord(control):04X} in the article",
                              "remove it: copy the article's text as published")]
    match = _FRONT_MATTER.match(raw)
    if not match:
        return None, [Problem(display_path, 1, 1, "error", "no front matter",
                              "start the file with '---', the metadata lines (id, headline, "
                              "publisher, dateline, published), '---', then the article text")]
    try:
        meta = parse_yaml(match.group(1))
    except DuplicateKey as dup:
        line = dup.second.start_mark.line + 2
        return None, [Problem(display_path, line, dup.second.start_mark.column + 1, "error",
                              f"duplicate key '{dup.key}' in front matter",
                              "keep only one of them")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(display_path, line, 1, "error",
                              f"front matter is not valid YAML: {problem}",
                              "fix the YAML between the '---' lines")]
    if not isinstance(meta.data, dict):
        return None, [Problem(display_path, 2, 1, "error", "front matter must be a mapping",
                              "write one 'key: value' per line")]
    try:
        source = Source(**meta.data, text=raw[match.end():], path=display_path)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            line, column = meta.locate_key([field]) if field in meta.data else (1, 1)
            if err["type"] == "missing":
                message = f"front matter has no '{field}'"
            elif field == "published":
                message = f"front matter 'published' value '{err.get('input')}' is not a date"
            elif err["type"] == "extra_forbidden":
                message = f"unknown front matter field '{field}'"
            else:
                message = f"front matter field '{field}': {err['msg']}"
            problems.append(Problem(display_path, line + 1, column, "error", message,
                                    "the front matter needs id, headline, publisher, dateline "
                                    "and published (YYYY-MM-DD); see CONTRIBUTING.md"))
        return None, problems
    return source, []


def text_start_line(source: Source) -> int:
    """Line number (1-based) in the seed file where the article text starts."""
    raw = Path(source.path).read_text(encoding="utf-8") if Path(source.path).exists() else ""
    match = _FRONT_MATTER.match(raw)
    return raw[: match.end()].count("\n") + 1 if match else 1


def source_line(source: Source, normalized: str, offset: int) -> int:
    """Line in the seed file of character `offset` of the source's whitespace-normalised text.

    Used only to point a failed quote at its closest passage, so a linear walk is fine.
    """
    words_before = len(normalized[:offset].split())
    raw = source.text
    position = 0
    for count, match in enumerate(re.finditer(r"\S+", raw)):
        if count == words_before:
            position = match.start()
            break
    return text_start_line(source) + raw[:position].count("\n")
