"""The fact base's version: content hash, newest source date, git commit."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from bot.engine import load_fact_base
from bot.engine.version import content_hash, fact_base_version, git_commit

REPO = Path(__file__).resolve().parents[2]


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(REPO / "facts", facts)
    shutil.copytree(REPO / "seeds", seeds)
    return facts, seeds


def test_hash_changes_with_any_byte_and_only_then(tmp_path: Path) -> None:
    facts, seeds = _copy(tmp_path)
    before = content_hash(facts, seeds)
    assert content_hash(facts, seeds) == before
    entities = facts / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert content_hash(facts, seeds) != before


def test_hash_does_not_depend_on_where_the_folders_are(tmp_path: Path) -> None:
    first = _copy(tmp_path / "a")
    second = _copy(tmp_path / "b")
    assert content_hash(*first) == content_hash(*second)


def test_version_of_the_real_fact_base() -> None:
    fact_base = load_fact_base(REPO / "facts", REPO / "seeds")
    version = fact_base_version(fact_base, REPO / "facts", REPO / "seeds")
    assert version.newest_source == max(s.published for s in fact_base.sources.values())
    assert version.newest_source == date(2025, 6, 17)
    assert version.label().startswith(f"facts {version.content_hash[:12]} · sources to 2025-06-17")
    assert version.as_dict()["content_hash"] == version.content_hash


def test_commit_inside_a_checkout_and_none_outside(tmp_path: Path) -> None:
    assert git_commit(tmp_path) is None
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-qm", "x"], check=True)
    expected = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert git_commit(tmp_path) == expected
