"""Replicate a fact base: every fact file copied N times, each copy's fact ids suffixed.

    python benchmarks/replicate.py 2041 /tmp/replicated      # the real 49 facts -> 100,009

Writes facts/ and seeds/ under the output folder: the entities file and the seeds as they
are, and each fact file N times (`<name>-r00000.yaml`, ...), its ids and the links between
its facts renamed alike, so every copy passes the loader (which warns that the copies
share their quotes). Unlike a generated fact base, thousands of facts are exact copies of
each other: the same words, dates and people, so the same scores and many ties, as a
fact base that reprints the same wire stories would have. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
_ID = re.compile(r"^\s*- id: (\S+)\s*$", re.MULTILINE)
_FACTS = re.compile(r"^facts:", re.MULTILINE)  # a fact file's top key (not the entities')


def replicate(facts_dir: Path, seeds_dir: Path, out: Path, copies: int) -> tuple[Path, Path]:
    """facts/ and seeds/ under `out`, the fact files of `facts_dir` each copied `copies` times."""
    out_facts, out_seeds = out / "facts", out / "seeds"
    shutil.rmtree(out_facts, ignore_errors=True)
    shutil.rmtree(out_seeds, ignore_errors=True)
    shutil.copytree(seeds_dir, out_seeds)
    out_facts.mkdir(parents=True)
    for path in sorted(facts_dir.iterdir()):
        text = path.read_text(encoding="utf-8") if path.suffix == ".yaml" else ""
        if not _FACTS.search(text):
            shutil.copy(path, out_facts)  # the entities, the schema
            continue
        ids = sorted(set(_ID.findall(text)), key=len, reverse=True)  # longest first
        fact_id = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
        for copy in range(copies):
            suffix = f"-r{copy:05d}"
            renamed = fact_id.sub(lambda found, s=suffix: found.group(1) + s, text)
            (out_facts / f"{path.stem}{suffix}.yaml").write_text(renamed, encoding="utf-8")
    return out_facts, out_seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--facts", type=Path, default=HERE.parent / "facts")
    parser.add_argument("--seeds", type=Path, default=HERE.parent / "seeds")
    args = parser.parse_args()
    out_facts, _ = replicate(args.facts, args.seeds, args.out, args.copies)
    print(f"{len(list(out_facts.glob('*.yaml')))} files in {out_facts}")


if __name__ == "__main__":
    main()
