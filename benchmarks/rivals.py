"""What a user could pick instead of the engine, over the same fact texts: SQLite FTS5 and
tantivy (the Rust search engine, through its Python bindings).

Both get the query's content words joined by OR and return the top 10 by BM25: OR, because
that is how a ranked search is normally set up, and because AND fails almost every question
(its words — "met", a misspelling, an alias — are seldom all in one fact). Neither corrects
typos nor knows aliases: they find exact words only (lower-cased).

`benchmarks/run.py` times their queries taking turns with the engine's. Their cost to open
from disk and the memory they hold are measured in a child process each (`open_in_child`),
so nothing else the benchmark holds counts:

    python benchmarks/rivals.py --open tantivy FOLDER QUERIES.json   # prints one JSON line
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.processes import rss_now_mib  # noqa: E402
from bot.engine.text import STOPWORDS, words  # noqa: E402

Search = Callable[[str], list[int]]
FTS5_FILE = "fts5.sqlite"
TANTIVY_DIR = "tantivy"


def fts_query(text: str) -> str | None:
    """The query's content words as an OR query (FTS5's and tantivy's syntax alike);
    None when no word is left."""
    terms = [w for w in dict.fromkeys(words(text)) if w not in STOPWORDS]
    return " OR ".join('"' + w.replace('"', "") + '"' for w in terms) or None


def build_fts5(texts: Sequence[str]) -> sqlite3.Connection:
    """An in-memory FTS5 table of the texts (rowid = position), default unicode61 tokenizer."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE facts USING fts5(text)")
    db.executemany("INSERT INTO facts(rowid, text) VALUES (?, ?)", enumerate(texts))
    db.commit()
    return db


def save_fts5(db: sqlite3.Connection, folder: Path) -> Path:
    """The table copied to a file in `folder`, for `open_in_child`."""
    path = folder / FTS5_FILE
    with sqlite3.connect(path) as target:
        db.backup(target)
    return path


def fts5_search(db: sqlite3.Connection) -> Search:
    """Top 10 rowids by bm25 for a query's words OR'ed."""
    def search(query: str) -> list[int]:
        match = fts_query(query)
        if match is None:
            return []
        rows = db.execute("SELECT rowid FROM facts WHERE facts MATCH ? ORDER BY bm25(facts) "
                          "LIMIT 10", (match,)).fetchall()
        return [r[0] for r in rows]
    return search


def build_tantivy(texts: Sequence[str], folder: Path) -> Any:
    """A tantivy index of the texts on disk under `folder` (created), one writer thread so it
    is one segment and a hit's document number is the text's position."""
    import tantivy

    schema_builder = tantivy.SchemaBuilder()
    schema_builder.add_text_field("text", stored=False, index_option="freq")
    index_dir = folder / TANTIVY_DIR
    index_dir.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema_builder.build(), path=str(index_dir), reuse=False)
    writer = index.writer(heap_size=1_000_000_000, num_threads=1)
    for text in texts:
        writer.add_document(tantivy.Document(text=text))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def open_tantivy(folder: Path) -> Any:
    import tantivy

    return tantivy.Index.open(str(folder / TANTIVY_DIR))


def tantivy_search(index: Any) -> Search:
    """Top 10 document numbers by BM25 for a query's words OR'ed (tantivy's query parser,
    which tokenizes each word as the field was)."""
    searcher = index.searcher()

    def search(query: str) -> list[int]:
        match = fts_query(query)
        if match is None:
            return []
        try:
            parsed = index.parse_query(match, ["text"])
        except ValueError:  # a word the query language cannot take: nothing found
            return []
        return [address.doc for _, address in searcher.search(parsed, 10, count=False).hits]
    return search


def segments(index: Any) -> int:
    """How many segments the index has (1 means document numbers are positions)."""
    return int(index.searcher().num_segments)


def open_in_child(kind: str, folder: Path, queries: Sequence[str]) -> dict[str, float]:
    """Open a rival's index from `folder` in a fresh process and run `queries` there: the
    seconds to open it, the first query's milliseconds, and the resident memory it adds
    (after the queries, less the process's after its imports)."""
    queries_file = folder / f"queries-{kind}.json"
    queries_file.write_text(json.dumps(list(queries)))
    child = subprocess.run([sys.executable, __file__, "--open", kind, str(folder),
                            str(queries_file)], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def _child(kind: str, folder: Path, queries: list[str]) -> dict[str, float]:
    if kind == "tantivy":
        import tantivy  # noqa: F401  (imported before the baseline, as any program would)
    baseline = rss_now_mib()
    start = time.perf_counter()
    if kind == "tantivy":
        search = tantivy_search(open_tantivy(folder))
    else:
        search = fts5_search(sqlite3.connect(folder / FTS5_FILE))
    opened = time.perf_counter()
    found = [search(query) for query in queries[:1]]
    first = time.perf_counter()
    found += [search(query) for query in queries[1:]]
    return {"open_s": opened - start, "first_query_ms": (first - opened) * 1000,
            "rss_mib": rss_now_mib() - baseline, "answered": sum(bool(f) for f in found)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", nargs=3, metavar=("KIND", "FOLDER", "QUERIES"), required=True,
                        help="fts5 or tantivy, the folder it was saved in, a JSON list of queries")
    args = parser.parse_args(argv)
    kind, folder, queries = args.open
    if kind not in ("fts5", "tantivy"):
        parser.error("KIND is fts5 or tantivy")
    print(json.dumps(_child(kind, Path(folder), json.loads(Path(queries).read_text()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
