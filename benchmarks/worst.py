"""The slowest queries we can construct, timed on today's fact base (facts/ and seeds/), and
by benchmarks/run.py on each generated one.

    python benchmarks/worst.py              # a table of each kind of query and its time

Target: any query a front end accepts is answered, Block Kit included, in at most 100 ms.
A query's cost grows with its words (typo lookups, names tried at each word, "did you
mean" re-parsing the query, one relaxation per condition), so each kind below is as
long as the engine reads (MAX_QUERY_CHARS) and made of the words that cost most: known
words that together find nothing, the most common words (many words to rank), typos of
known words, unknown words a letter or two from known ones, names, dates, gibberish, and
Slack markup. Three are longer than the engine reads, as Slack sends them (up to 40,000
characters in a message), two of them unclosed markup.
Each is timed as a Slack message goes: its markup read back (bot/markup.py), then
`reply_to` (parse, search, suggestions, rendering); the best of --repeat runs, since the
figure is the work a query costs, not the machine's noise.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bot.engine import Engine, FactBase, load_fact_base  # noqa: E402
from bot.engine.answering import MAX_QUERY_CHARS  # noqa: E402
from bot.engine.text import words  # noqa: E402
from bot.frontend import reply_to  # noqa: E402
from bot.markup import message_text_to_query  # noqa: E402

TARGET_MS = 100.0


def _fill(make: Callable[[], str], length: int = MAX_QUERY_CHARS) -> str:
    """Words from `make`, joined by spaces, up to exactly `length` characters."""
    parts: list[str] = []
    total = 0
    while total < length:
        parts.append(make())
        total += len(parts[-1]) + 1
    return " ".join(parts)[:length].strip()


def worst_queries(fact_base: FactBase, seed: int = 1) -> dict[str, str]:
    """Each kind of expensive query, as long as the engine reads (one longer)."""
    rng = random.Random(seed)
    held = Counter(w for fact in fact_base.facts
                   for w in set(words(" ".join([fact.summary, *(q.text for q in fact.quotes)])))
                   if len(w) > 3)  # how many facts hold each word
    known = sorted(held)
    names = sorted({name for section in ("people", "places", "topics", "organisations")
                    for entity in getattr(fact_base, section).values() for name in entity.names})
    long_known = [w for w in known if len(w) >= 6] or known
    letters = iter(a + b for a in string.ascii_lowercase for b in string.ascii_lowercase)

    def typo() -> str:
        word = rng.choice(long_known)
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]

    very_long = [w for w in known if len(w) >= 9] or long_known

    def two_slips() -> str:  # a long word may carry two: the costliest typo lookups
        word = rng.choice(very_long)
        i = rng.randrange(1, len(word) - 3)
        return word[:i] + word[i + 1] + word[i] + word[i + 3:]

    def near_miss() -> str:  # beyond a typo's reach, within a suggestion's
        return rng.choice(long_known) + next(letters, "zz")

    return {
        "known words, nothing together": _fill(lambda: rng.choice(known)),
        "distinct known words": " ".join(known)[:MAX_QUERY_CHARS].strip(),
        "the most common words": " ".join(w for w, _ in held.most_common())[
            :MAX_QUERY_CHARS].strip(),  # each in many facts: many to rank
        "typos of known words": _fill(typo),
        "two-slip typos of long words": _fill(two_slips),
        "near-misses (did you mean)": _fill(near_miss),
        "3 near-misses + known words": " ".join(
            [near_miss(), near_miss(), near_miss(), _fill(lambda: rng.choice(known))]
        )[:MAX_QUERY_CHARS].strip(),
        "names and aliases": _fill(lambda: rng.choice(names)),
        "kind + names": ("meetings " + _fill(lambda: rng.choice(names)))[:MAX_QUERY_CHARS],
        "years and months": _fill(lambda: rng.choice(["2022", "2025", "june", "february",
                                                      "may", "in"])),
        "gibberish": _fill(lambda: "".join(rng.choice(string.ascii_lowercase)
                                           for _ in range(rng.randint(4, 12)))),
        "Slack markup": _fill(lambda: rng.choice(["<!channel>", "<!here>", "<@U024BE7LH>",
                                                  "&amp;", "*bold*", "`x`"])),
        "fact <long id>": ("fact " + "meeting-2025-" * 100)[:MAX_QUERY_CHARS],
        "40,000 characters": _fill(lambda: rng.choice(known), 40_000),
        "40,000 '<' (unclosed markup)": "<" * 40_000,
        "40,000 characters of '<!x|'": "<!x|" * 10_000,
    }


def measure_worst(engine: Engine, repeat: int = 5) -> dict[str, float]:
    """Milliseconds per kind of worst query, from Slack's message text to the rendered reply:
    the best of `repeat` runs."""
    timings = {}
    for name, text in worst_queries(engine.fact_base).items():
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            reply_to(engine, message_text_to_query(text))
            best = min(best, time.perf_counter() - start)
        timings[name] = best * 1000
    return timings


def worst_table(columns: dict[str, dict[str, float]]) -> str:
    """A column of timings per fact base, headed by its name, then each one's worst."""
    names = list(next(iter(columns.values())))
    lines = ["| worst-case query | " + " | ".join(columns) + " |",
             "|---|" + "---:|" * len(columns)]
    lines += [f"| {name} | " + " | ".join(f"{timings[name]:.2f}" for timings in columns.values())
              + " |" for name in names]
    lines.append("")
    for heading, timings in columns.items():
        worst = max(timings, key=timings.__getitem__)
        met = "met" if timings[worst] <= TARGET_MS else "NOT met"
        lines.append(f"- {heading}: worst query ({worst}) {timings[worst]:.1f} ms "
                     f"<= {TARGET_MS:.0f} ms: {met}")
    return "\n".join(lines)


def todays_timings(facts_dir: Path = HERE.parent / "facts",
                   seeds_dir: Path = HERE.parent / "seeds", repeat: int = 5) -> dict[str, float]:
    """The timings on a fact base (by default today's), loaded whole."""
    return measure_worst(Engine(load_fact_base(facts_dir, seeds_dir)), repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=Path, default=HERE.parent / "facts")
    parser.add_argument("--seeds", type=Path, default=HERE.parent / "seeds")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(worst_table({"ms": todays_timings(args.facts, args.seeds, args.repeat)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
