"""A compiled snapshot of the validated, indexed fact base, keyed by the content of its files.

Loading means parsing every YAML file, validating every fact and checking every quote
against its source; at tens of thousands of facts that takes seconds. The result only
depends on the bytes under `facts/` and `seeds/` (and on this code), so it is stored
once under a key made of exactly those, and read back on the next start:

- an entry is plain data, never a pickle: reading an entry cannot run code, whoever
  wrote it. It is one file of arrays and compressed JSON records (what it holds:
  bot/engine/snapshot.py; its file: bot/engine/packed.py), mapped into memory and used
  in place, facts made into models only when read. At 100,000 facts that is 59 MB,
  opened in 0.7 s, where parsing and validating JSON and rebuilding the index took 11 s
  and most of a gigabyte;
- the whole entry is checked against its two SHA-256 checksums before anything in it is
  used, so a truncated or damaged entry is never half read;
- a cache folder that another user owns or that group or others can write is not used
  at all (nothing read, nothing written): anyone who could write there could plant an
  entry, and while a planted entry cannot run code, it could still change the answers;
- the key is a SHA-256 of the fact base's content hash (bot.engine.version: every
  file's relative path and bytes under both folders, the same walk the version uses;
  remembered for unchanged file stats, bot/engine/stamps.py), plus a salt of the
  package version, the Python and pydantic versions and the source of `bot/engine/`
  itself. Any edit, addition, removal or rename of a fact or seed file, or any change
  to the engine's code, gives another key: never served stale;
- only a fact base that loaded without errors is stored (without its warnings, which
  `relations check` lists: a build does not parse a file again to locate one), so a
  broken fact base is reported afresh every time; a missing entry is built by a child
  process, so the bot never holds a build's memory (see `_build_apart`);
- entries are written to a temporary file and renamed into place (atomic); an entry
  that cannot be read (truncated, corrupt, from another version) is ignored and
  replaced. Older entries for the same folders are removed when a new one is written,
  and only the KEEP_ENTRIES most recent entries are kept in all.

`relations check` never uses the cache: it always validates everything. Where the
cache lives (or that it is off) is a setting: see `bot.config`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from datetime import date as Date
from pathlib import Path
from typing import Any

from .answering import Engine
from .gc_tuning import keep_out_of_gc, paused_gc
from .index import FactIndex
from .loader import start_check
from .models import ENTITY_SECTIONS
from .packed import read
from .problems import FactBaseError, Problem, raise_on_errors
from .replies.scripts import warm_scripts
from .replies.wordlist import warm_word_list
from .snapshot import FORMAT, Snapshot, decode, encode
from .stamps import folders_id, remembered_hash
from .version import content_hash, fact_base_version

SUFFIX = ".snapshot"
KEEP_ENTRIES = 16
WARM_UP_THREAD = "relations-warm-up"  # a started engine's background warm-up (load_engine)
_ENGINE_DIR = Path(__file__).resolve().parent


def _salt() -> bytes:
    """Everything besides the data that shapes a snapshot: versions and the engine's code."""
    digest = hashlib.sha256()
    try:
        from importlib.metadata import version

        package = version("relations")
    except Exception:  # not installed: the code hash below still covers changes
        package = "0"
    import pydantic

    digest.update(f"{FORMAT}|{package}|{sys.version}|{sys.byteorder}|{pydantic.VERSION}|"
                  .encode())  # byte order: arrays are stored as machine words
    for path in sorted(_ENGINE_DIR.rglob("*.py")):  # index/ too
        name = path.relative_to(_ENGINE_DIR).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def content_key(facts_dir: Path, seeds_dir: Path, files_hash: str | None = None) -> str:
    """SHA-256 of the salt, where both folders are, and what is in them (`files_hash`,
    the fact base's content hash: bot.engine.version; computed here when not given)."""
    digest = hashlib.sha256(_salt())
    for root in (facts_dir, seeds_dir):
        digest.update(f"\0{Path(root).resolve()}\0".encode())
    digest.update((files_hash or content_hash(facts_dir, seeds_dir)).encode())
    return digest.hexdigest()


def _entry_prefix(facts_dir: Path, seeds_dir: Path) -> str:
    """Entries for the same pair of folders share a prefix, so old ones can be cleared."""
    return f"factbase-{folders_id(facts_dir, seeds_dir)}-"


def folder_is_private(folder: Path) -> bool:
    """True when the folder is (or would be created) ours alone: owned by this user and
    not writable by group or others. Its parents are the user's to secure."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return True  # created below with mode 0o700
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _read(path: Path, key: str) -> Snapshot | None:
    """The snapshot stored at `path`, or None for anything that is not an intact entry
    for `key` written by this user."""
    try:
        if path.stat().st_uid != os.geteuid():
            return None  # not written by us
        return decode(*read(path), key)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated, foreign or from other code: rebuild
        return None


def _write(folder: Path, name: str, snapshot: Snapshot, prefix: str) -> bool:
    """Store the snapshot; False if it could not be (a read-only or full disk)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as file:
                for piece in encode(snapshot):
                    file.write(piece)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(prefix + "*"):
            if old.name != name:
                old.unlink(missing_ok=True)
        _prune(folder)
        return True
    except OSError:
        return False  # this only costs the next start its speed


def build_snapshot(facts_dir: Path, seeds_dir: Path, today: Date | None = None,
                   key: str = "") -> Snapshot:
    """Load, validate and index from the files (no cache); FactBaseError on any error.

    The index is built while the rules that span files are checked beside it, so it may
    be built for a fact base that then proves broken: an index that fails on one is
    reported as that fact base's errors."""
    with paused_gc():
        fact_base, checked = start_check(facts_dir, seeds_dir, today, warnings=False)
        try:
            index = FactIndex(fact_base)
        except Exception:
            raise_on_errors(checked())
            raise
        raise_on_errors(checked())
        return Snapshot(key, fact_base, index)


def _prune(folder: Path) -> None:
    """Keep the cache small: the most recent entries (other fact base folders, such as
    tests' temporary ones, leave theirs behind) and no leftovers of interrupted writes."""
    entries = sorted(folder.glob("factbase-*"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)
    for leftover in folder.glob(".tmp-*"):
        if time.time() - leftover.stat().st_mtime > 3600:
            leftover.unlink(missing_ok=True)


def load_snapshot(facts_dir: Path, seeds_dir: Path, today: Date | None = None,
                  folder: Path | None = None, files_hash: str | None = None,
                  apart: bool = True) -> tuple[Snapshot, bool]:
    """The validated, indexed fact base, from the cache when its files are unchanged.

    `folder` None (or one that is not private to this user) means no cache. Returns the
    snapshot and whether it came from the cache. A snapshot not in the cache is built
    and stored in a child process (`apart`, see `_build_apart`), then read from the
    entry. Raises FactBaseError, as `load_fact_base` does, when the fact base has errors
    (nothing is cached then).
    """
    if folder is None or not folder_is_private(folder):
        return build_snapshot(facts_dir, seeds_dir, today), False
    with paused_gc():
        key = content_key(facts_dir, seeds_dir, files_hash)
        prefix = _entry_prefix(facts_dir, seeds_dir)
        name = f"{prefix}{key[:32]}{SUFFIX}"
        snapshot = _read(folder / name, key)
        if snapshot is not None:
            return snapshot, True
        if apart and _build_apart(facts_dir, seeds_dir, today, key, folder, name, prefix):
            snapshot = _read(folder / name, key)
            if snapshot is not None:
                return snapshot, False
        snapshot = build_snapshot(facts_dir, seeds_dir, today, key)  # here, as a last resort
        if _write(folder, name, snapshot, prefix):
            snapshot = _read(folder / name, key) or snapshot
        return snapshot, False


def _build_apart(facts_dir: Path, seeds_dir: Path, today: Date | None, key: str,
                 folder: Path, name: str, prefix: str) -> bool:
    """Build and store the snapshot in a child process; True once it is stored.

    A build holds every fact as a model and the index as dicts: most of a gigabyte at
    100,000 facts, which a process keeps (freed memory is rarely given back) through
    every later reload. A child (`python -m bot.engine.builder`, a fresh interpreter:
    no copy of a threaded server, and no pickle) gives it all back when it exits, and
    this process then reads the entry like any later start: its memory is that of a
    warm start. Raises FactBaseError with the child's problems.
    """
    command = [sys.executable, "-m", "bot.engine.builder", str(facts_dir), str(seeds_dir),
               today.isoformat() if today else "", key, str(folder), name, prefix]
    package_root = str(_ENGINE_DIR.parent.parent)  # where `bot` is, installed or not
    environment = os.environ | {"PYTHONPATH": os.pathsep.join(
        filter(None, (package_root, os.environ.get("PYTHONPATH"))))}
    try:
        done = subprocess.run(command, capture_output=True, env=environment, check=False,
                              stdin=subprocess.DEVNULL)
        outcome = json.loads(done.stdout)
        stored, problems = bool(outcome["stored"]), outcome["problems"]
    except (OSError, ValueError, KeyError, TypeError):  # it died (killed, out of memory)
        return False  # built here instead
    if problems:
        raise FactBaseError([Problem(**problem) for problem in problems])
    return stored


def build_and_store(facts_dir: Path, seeds_dir: Path, today: Date | None, key: str,
                    folder: Path, name: str, prefix: str) -> dict[str, Any]:
    """What the child does: {"stored": bool, "problems": the errors' and warnings' data
    when the fact base has errors, else []}."""
    try:
        snapshot = build_snapshot(facts_dir, seeds_dir, today, key)
    except FactBaseError as error:
        return {"stored": False, "problems": [asdict(problem) for problem in error.problems]}
    return {"stored": _write(folder, name, snapshot, prefix), "problems": []}


def load_engine(facts_dir: Path, seeds_dir: Path, folder: Path | None,
                warm_up: bool = True) -> Engine:
    """An Engine over the fact base, through the snapshot cache in `folder` (None: no
    cache): every start after the first is fast; any change to facts/ or seeds/ rebuilds.

    `warm_up` (a bot, the console): build in the background what first questions would
    otherwise wait for (the English word list, each fact's row by id, the bitmaps of large
    filters and words: about 1.5 s of work at 100,000 facts, while the engine already
    answers). A one-off
    `relations ask` leaves it to the questions that need it."""
    private = folder if folder is not None and folder_is_private(folder) else None
    files_hash = remembered_hash(facts_dir, seeds_dir, private)  # for key and version
    snapshot, _ = load_snapshot(facts_dir, seeds_dir, folder=private, files_hash=files_hash)
    keep_out_of_gc()
    if warm_up:
        threading.Thread(target=_warm, args=(snapshot,), name=WARM_UP_THREAD,
                         daemon=True).start()
    version = fact_base_version(snapshot.fact_base, facts_dir, seeds_dir, files_hash)
    return Engine(snapshot.fact_base, snapshot.index, version)


def _warm(snapshot: Snapshot) -> None:
    warm_word_list()
    fact_base = snapshot.fact_base
    warm_scripts(name for section in ENTITY_SECTIONS
                 for entity in fact_base.section(section).values() for name in entity.names)
    fact_base.row_of  # noqa: B018  (each fact's row by id: a fact's meeting is found so)
    fact_base.nearby_ids  # noqa: B018  ('did you mean' for a fact id not known)
    snapshot.index.warm()
    keep_out_of_gc()  # what it built lives as long as the engine
