"""A compiled snapshot of the validated, indexed fact base, keyed by the content of its files.

Loading means parsing every YAML file, validating every fact and checking every quote
against its source; at tens of thousands of facts that takes seconds. The result only
depends on the bytes under `facts/` and `seeds/` (and on this code), so it is pickled
once under a key made of exactly those, and read back on the next start:

- the key is a SHA-256 of every file's relative path and bytes under both folders,
  plus a salt of the package version, the Python and pydantic versions and the source
  of `bot/engine/` itself. Any edit, addition, removal or rename of a fact or seed
  file, or any change to the engine's code, gives another key: never served stale;
- only a fact base that loaded without errors is stored (with its warnings), so a
  broken fact base is reported afresh every time;
- entries are written to a temporary file and renamed into place (atomic); an entry
  that cannot be read (truncated, corrupt, from another version) is ignored and
  replaced. Older entries for the same folders are removed when a new one is written,
  and only the KEEP_ENTRIES most recent entries are kept in all.

`relations check` never uses the cache: it always validates everything. Where the
cache lives (or that it is off) is a setting: see `bot.config`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from .answering import Engine
from .factbase import FactBase
from .files import fingerprint
from .gc_tuning import keep_out_of_gc, paused_gc
from .index import FactIndex
from .loader import check_fact_base
from .problems import FactBaseError, Problem
from .version import fact_base_version

FORMAT = 1
KEEP_ENTRIES = 16
_ENGINE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Snapshot:
    """What one cache entry holds."""

    key: str
    fact_base: FactBase
    index: FactIndex
    warnings: tuple[Problem, ...]


def _salt() -> bytes:
    """Everything besides the data that shapes a snapshot: versions and the engine's code."""
    digest = hashlib.sha256()
    try:
        from importlib.metadata import version

        package = version("relations")
    except Exception:  # not installed: the code hash below still covers changes
        package = "0"
    import pydantic

    digest.update(f"{FORMAT}|{package}|{sys.version}|{pydantic.VERSION}|".encode())
    for path in sorted(_ENGINE_DIR.rglob("*.py")):  # index/ too
        name = path.relative_to(_ENGINE_DIR).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def content_key(facts_dir: Path, seeds_dir: Path) -> str:
    """SHA-256 of the salt and of every file (relative path and bytes) under both folders."""
    digest = hashlib.sha256(_salt())
    for label, root in (("facts", Path(facts_dir)), ("seeds", Path(seeds_dir))):
        digest.update(f"\0{label}\0{root.resolve()}\0".encode())
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            data = fingerprint(path)
            digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def _entry_prefix(facts_dir: Path, seeds_dir: Path) -> str:
    """Entries for the same pair of folders share a prefix, so old ones can be cleared."""
    where = f"{Path(facts_dir).resolve()}\0{Path(seeds_dir).resolve()}".encode()
    return "factbase-" + hashlib.sha256(where).hexdigest()[:16] + "-"


def _read(path: Path, key: str) -> Snapshot | None:
    try:
        with path.open("rb") as file:
            snapshot = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated or from other code: rebuild
        return None
    if not isinstance(snapshot, Snapshot) or snapshot.key != key:
        return None
    return snapshot


def _write(folder: Path, name: str, snapshot: Snapshot, prefix: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(snapshot, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(prefix + "*.pickle"):
            if old.name != name:
                old.unlink(missing_ok=True)
        _prune(folder)
    except OSError:
        pass  # a read-only or full disk only costs the next start its speed


def build_snapshot(facts_dir: Path, seeds_dir: Path, today: Date | None = None,
                   key: str = "") -> Snapshot:
    """Load, validate and index from the files (no cache); FactBaseError on any error."""
    with paused_gc():
        fact_base, problems = check_fact_base(facts_dir, seeds_dir, today)
        if any(p.severity == "error" for p in problems):
            raise FactBaseError(problems)
        return Snapshot(key, fact_base, FactIndex(fact_base).prepare(), tuple(problems))


def _prune(folder: Path) -> None:
    """Keep the cache small: the most recent entries (other fact base folders, such as
    tests' temporary ones, leave theirs behind) and no leftovers of interrupted writes."""
    entries = sorted(folder.glob("factbase-*.pickle"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)
    for leftover in folder.glob(".tmp-*.pickle"):
        if time.time() - leftover.stat().st_mtime > 3600:
            leftover.unlink(missing_ok=True)


def load_snapshot(facts_dir: Path, seeds_dir: Path, today: Date | None = None,
                  folder: Path | None = None) -> tuple[Snapshot, bool]:
    """The validated, indexed fact base, from the cache when its files are unchanged.

    `folder` None means no cache. Returns the snapshot and whether it came from the
    cache. Raises FactBaseError, as
    `load_fact_base` does, when the fact base has errors (nothing is cached then).
    """
    if folder is None:
        return build_snapshot(facts_dir, seeds_dir, today), False
    with paused_gc():
        key = content_key(facts_dir, seeds_dir)
        prefix = _entry_prefix(facts_dir, seeds_dir)
        name = f"{prefix}{key[:32]}.pickle"
        snapshot = _read(folder / name, key)
        if snapshot is not None:
            return snapshot, True
        snapshot = build_snapshot(facts_dir, seeds_dir, today, key)
        _write(folder, name, snapshot, prefix)
        return snapshot, False


def load_engine(facts_dir: Path, seeds_dir: Path, folder: Path | None) -> Engine:
    """An Engine over the fact base, through the snapshot cache in `folder` (None: no
    cache): every start after the first is fast; any change to facts/ or seeds/ rebuilds."""
    snapshot, _ = load_snapshot(facts_dir, seeds_dir, folder=folder)
    keep_out_of_gc()
    version = fact_base_version(snapshot.fact_base, facts_dir, seeds_dir)
    return Engine(snapshot.fact_base, snapshot.index, version)
