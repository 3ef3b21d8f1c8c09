"""The `relations` command: ask, console, check, draft, serve, start.

Every command is a thin shell around the engine and the shared renderer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from .config import ConfigError, Settings, load_settings
from .console import run_console
from .engine import (
    Answer,
    Engine,
    FactBase,
    FactBaseError,
    check_fact_base,
    load_engine,
)
from .engine.factbase import fact_record
from .engine.problems import printable
from .engine.replies.data import answer_extras
from .engine.sources import with_texts
from .frontend import reply_to
from .render import blocks_to_text
from .usage import UsageLog


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        args.run = _version
    elif args.command is None:
        parser.print_help()
        return 2
    try:
        settings = load_settings(facts_dir=args.facts, seeds_dir=args.seeds)
        return int(args.run(args, settings) or 0)
    except ConfigError as exc:
        print(f"relations: {exc}", file=sys.stderr)
        return 2
    except FactBaseError as exc:
        print(f"relations: {exc}", file=sys.stderr)
        print("Run 'relations check' to see every problem with its fix.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """`relations ask ... | head`: the reader closed the pipe, which is no error of ours.

    Point stdout at /dev/null so the interpreter's final flush does not fail again
    (the recipe of the Python docs, "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # what a shell reports for a command ended by SIGPIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relations", description="China–Kyrgyzstan relations from a source-checked fact base.")
    parser.add_argument("--facts", type=Path,
                        help="fact base folder (default: RELATIONS_FACTS, else ./facts)")
    parser.add_argument("--seeds", type=Path,
                        help="source articles folder (default: RELATIONS_SEEDS, else ./seeds)")
    parser.add_argument("--version", action="store_true",
                        help="print the program's and the fact base's version")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one query and print it")
    ask.add_argument("query", nargs="*", help="e.g. meetings 2022, or a question")
    ask.add_argument("--json", action="store_true", help="print JSON: every matching fact")
    ask.add_argument("--batch", action="store_true",
                     help="read one query per line from standard input")
    ask.set_defaults(run=_ask)

    console = commands.add_parser("console", help="chat locally, as in Slack")
    console.set_defaults(run=_console)

    check = commands.add_parser("check", help="validate the whole fact base")
    check.add_argument("--format", choices=("text", "github"), default="text")
    check.add_argument("--coverage", action="store_true",
                       help="also report, per source, the sentences no fact quotes")
    check.set_defaults(run=_check)

    draft = commands.add_parser("draft", help="propose candidate facts for a new article")
    draft.add_argument("source", type=Path, help="a source file in seeds/")
    draft.set_defaults(run=_draft)

    export = commands.add_parser("export", help="the fact base as csv, json or plover rows")
    export.add_argument("--format", choices=("csv", "json", "plover"), default="csv",
                        help="csv/json: one row per fact; plover: one event per line (JSON "
                        "Lines) typed CONSULT, AGREE, SUPPORT, COOPERATE, REQUEST or REJECT")
    export.set_defaults(run=_export)

    schema = commands.add_parser("schema", help="print or --write facts/schema.json")
    schema.add_argument("--write", action="store_true",
                        help="write facts/schema.json (after changing bot/engine/models.py)")
    schema.set_defaults(run=_schema)

    serve = commands.add_parser("serve", help="run the Slack app")
    serve.add_argument("--http", action="store_true",
                       help="HTTP mode at /slack/events even if SLACK_APP_TOKEN is set")
    serve.add_argument("--port", type=int,
                       help="HTTP port (default: RELATIONS_PORT, else 3000)")
    serve.add_argument("--workers", type=int, metavar="K",
                       help="threads acknowledging requests in the one server process "
                            "(default: RELATIONS_WORKERS, else 8); scale out with replicas")
    serve.set_defaults(run=_serve)

    report = commands.add_parser(
        "report", help="top unanswered questions and least helpful answers, from the usage log")
    report.add_argument("--since", default="7d",
                        help="a period back from now (7d, 24h, 2w) or a date YYYY-MM-DD")
    report.add_argument("--top", type=int, default=10, help="how many questions to list")
    report.add_argument("--log", type=Path,
                        help="the usage log (default: the RELATIONS_USAGE_LOG setting)")
    report.set_defaults(run=_report)

    start = commands.add_parser(
        "start", help="the Slack app when SLACK_BOT_TOKEN is configured, else the console")
    start.set_defaults(run=_start)
    return parser


def _load_engine(settings: Settings, warm_up: bool = True) -> Engine:
    return load_engine(settings.facts_dir, settings.seeds_dir, settings.cache_dir, warm_up)


def answer_json(answer: Answer) -> dict[str, Any]:
    """The machine-readable answer: every matching fact, in display order."""
    facts = [fact_record(fact) for fact in answer.facts]
    result: dict[str, Any] = {"query": answer.query.text, "facts": facts, "total": answer.total}
    result |= answer_extras(answer)
    if answer.not_covered:
        result["not_covered"] = list(answer.not_covered)
    if answer.suggestions:
        result["suggestions"] = list(answer.suggestions)
    if answer.sources:
        result["sources"] = [s.model_dump(mode="json", exclude={"text", "path"})
                             for s in answer.sources]
    if answer.too_long:  # not read: the query is over the engine's MAX_QUERY_CHARS
        result["too_long"] = answer.too_long
    return result


def write_answer_json(answer: Answer, fact_base: FactBase, out: TextIO) -> None:
    """`answer_json` as text, a line, each fact's stored JSON written as it is read: an
    answer of every fact (93 MB at 100,000 facts) is never held whole (0.5 GB when it was)."""
    text = json.dumps(answer_json(replace(answer, facts=())), ensure_ascii=False)
    head, tail = text.split('"facts": []', 1)  # the first: quotes in strings are \"
    out.write(head + '"facts": [')
    for number, fact in enumerate(fact_base.json_texts(answer.facts)):
        out.write(", " + fact if number else fact)
    out.write("]" + tail + "\n")


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    engine = _load_engine(settings, warm_up=False)  # one process, a few questions
    queries = [line.rstrip("\n") for line in sys.stdin] if args.batch else [" ".join(args.query)]
    for query in queries:
        if args.json:
            write_answer_json(engine.answer(query), engine.fact_base, sys.stdout)
        else:
            print(blocks_to_text(reply_to(engine, query).blocks))
            if args.batch:
                print()
    return 0


def _console(args: argparse.Namespace, settings: Settings) -> int:
    return run_console(_load_engine(settings), sys.stdin, sys.stdout,
                       UsageLog(settings.usage_log))


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from .usage_report import build_report, format_report, parse_since

    path = args.log or settings.usage_log
    if path is None:
        print("relations: the usage log is off (RELATIONS_USAGE_LOG=off); nothing to report",
              file=sys.stderr)
        return 2
    try:
        since = parse_since(args.since)
    except ValueError as exc:
        print(f"relations: {exc}", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"relations: no usage log at {path} yet: nothing asked since it was set",
              file=sys.stderr)
        return 1
    print(format_report(build_report(path, since), since, args.top))
    return 0


def _check(args: argparse.Namespace, settings: Settings) -> int:
    fact_base, problems = check_fact_base(settings.facts_dir, settings.seeds_dir)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    uncovered = 0
    if args.coverage:
        from .curation.coverage import coverage_text

        text, uncovered = coverage_text(fact_base)
        print("\n".join(printable(line) for line in text.split("\n")))  # seeds' own words
    summary = (f"{len(fact_base.facts)} facts from {len(fact_base.sources)} sources: "
               f"{errors} error(s), {warnings} warning(s)")
    print(summary, file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if errors or uncovered else 0


def _draft(args: argparse.Namespace, settings: Settings) -> int:
    from .curation.draft import draft_yaml

    if not args.source.is_file():
        print(f"relations: {args.source}: no such seed file", file=sys.stderr)
        return 2
    fact_base, _problems = check_fact_base(settings.facts_dir, settings.seeds_dir)
    print(draft_yaml(args.source, fact_base), end="")
    return 0


def _version(args: argparse.Namespace, settings: Settings) -> int:
    """The package version, then the fact base's: content hash, newest source, git commit."""
    from importlib.metadata import PackageNotFoundError, version

    from .engine.version import content_hash

    try:
        print(f"relations {version('relations')}")
    except PackageNotFoundError:
        print("relations (not installed)")
    try:
        engine = _load_engine(settings, warm_up=False)
    except FactBaseError:
        digest = content_hash(settings.facts_dir, settings.seeds_dir)
        print(f"facts {digest[:12]} (does not load: run 'relations check')")
        return 1
    assert engine.version is not None  # load_engine reads it with the files
    print(engine.version.label())
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from .curation.export import export

    # The snapshot's fact base (a start from the cache, not a validation of every file),
    # its sources with their text read again: export gives each quote's whole sentence.
    fact_base = _load_engine(settings, warm_up=False).fact_base
    sources = with_texts(fact_base.sources, settings.seeds_dir)
    note = export(replace(fact_base, sources=sources), args.format, sys.stdout)
    if note:
        print(f"relations export: {note}", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    from .schema import SCHEMA_PATH, schema_text, write_schema

    if not args.write:
        print(schema_text(), end="")
        return 0
    changed = write_schema()
    print(f"{SCHEMA_PATH} {'written' if changed else 'already up to date'}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from .slack.server import serve

    overrides = {"port": args.port, "workers": args.workers}
    return serve(replace(settings, **{k: v for k, v in overrides.items() if v is not None}),
                 http=args.http)


def _start(args: argparse.Namespace, settings: Settings) -> int:
    if settings.slack_configured:
        from .slack.server import serve

        return serve(settings)
    print("No SLACK_BOT_TOKEN configured: starting the local console instead.\n")
    return _console(args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
