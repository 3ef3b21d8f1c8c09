"""Knowing the files are unchanged without reading them: their sizes and times, remembered
with the content hash they had.

The content hash (bot/engine/version.py) reads every file: 0.3 s or more at 100,000
facts (10,000 files), most of a warm start. As git and make do, a start first looks at
each file's size, modification and change times and inode (one `stat` each, 30 ms), and
reuses the content hash remembered for exactly those, in the private cache folder.
Any write to a file changes its change time (which no one can set back), so a changed
file is never missed. A file modified less than RACY_SECONDS before the hash was taken
could still change within the same clock tick unseen, so no stamp is remembered then:
the next start reads the files again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from .version import content_hash

RACY_SECONDS = 2.0
PREFIX = "stamp-"


def folders_id(facts_dir: Path, seeds_dir: Path) -> str:
    """A short id of where both folders are: what a cache folder's files for them share."""
    where = f"{Path(facts_dir).resolve()}\0{Path(seeds_dir).resolve()}".encode()
    return hashlib.sha256(where).hexdigest()[:16]


def file_stats(facts_dir: Path, seeds_dir: Path) -> tuple[str, int]:
    """A digest of every entry's path, size, times and inode under both folders, and
    the newest modification time among them (in ns)."""
    digest = hashlib.sha256()
    newest = 0
    for label, root in (("facts", Path(facts_dir)), ("seeds", Path(seeds_dir))):
        digest.update(f"\0{label}\0{root.resolve()}\0".encode())
        for folder, folders, names in os.walk(root):
            folders.sort()
            for name in sorted(names):
                info = os.lstat(os.path.join(folder, name))
                newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
                digest.update(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0"
                              f"{info.st_ctime_ns}\0{info.st_ino}\0{info.st_mode}\0".encode())
    return digest.hexdigest(), newest


def remembered_hash(facts_dir: Path, seeds_dir: Path, folder: Path | None) -> str:
    """The content hash of both folders: remembered in `folder` (a private cache folder,
    or None: always read) for files whose stats have not changed, else read and
    remembered."""
    if folder is None:
        return content_hash(facts_dir, seeds_dir)
    stats, newest = file_stats(facts_dir, seeds_dir)
    pair = folders_id(facts_dir, seeds_dir)
    where = folder / f"{PREFIX}{pair}-{stats[:32]}.json"
    try:
        stored = json.loads(where.read_text(encoding="utf-8"))
        if stored.get("stats") == stats and isinstance(stored.get("hash"), str):
            return str(stored["hash"])
    except (OSError, ValueError, AttributeError):
        pass
    started = time.time_ns()
    files_hash = content_hash(facts_dir, seeds_dir)
    if started - newest > RACY_SECONDS * 1e9 and file_stats(facts_dir, seeds_dir)[0] == stats:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = where.with_suffix(".tmp")
            temporary.write_text(json.dumps({"stats": stats, "hash": files_hash}),
                                 encoding="utf-8")
            os.replace(temporary, where)
            for old in folder.glob(f"{PREFIX}{pair}-*.json"):  # the same folders' older ones
                if old != where:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # only the next start's speed is lost
    return files_hash
