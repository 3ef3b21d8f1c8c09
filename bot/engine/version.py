"""Which fact base is this? A version people can compare between a bot and a checkout.

Three parts, each answering a different question:
- `content_hash`: the bytes of every file under `facts/` and `seeds/` (relative path and
  content), so two bots showing the same hash answer from the same facts, wherever they run;
- `newest_source`: the publication date of the newest article, the reader's "how current";
- `commit`: the git commit of the checkout the facts folder is in, when it is one, so an
  operator can tell which merged pull request is live.

Computed once per load (reading the files costs milliseconds per thousand files), never
per reply.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from .factbase import FactBase
from .files import fingerprint

SHORT_HASH = 12  # characters of the content hash shown to people
GIT_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class FactBaseVersion:
    content_hash: str  # full SHA-256 hex digest of the files
    newest_source: Date | None
    commit: str | None  # short git commit id, or None outside a git checkout

    @property
    def short_hash(self) -> str:
        return self.content_hash[:SHORT_HASH]

    def label(self) -> str:
        """One line for people: 'facts 3f2a9c1b7d0e · sources to 2025-06-17 · commit abc1234'."""
        parts = [f"facts {self.short_hash}"]
        if self.newest_source is not None:
            parts.append(f"sources to {self.newest_source.isoformat()}")
        if self.commit:
            parts.append(f"commit {self.commit}")
        return " · ".join(parts)

    def as_dict(self) -> dict[str, str | None]:
        """For JSON (health checks, logs, `ask --json`)."""
        return {
            "content_hash": self.content_hash,
            "newest_source": self.newest_source.isoformat() if self.newest_source else None,
            "commit": self.commit,
        }


def content_hash(facts_dir: Path, seeds_dir: Path) -> str:
    """SHA-256 of every regular file's relative path and bytes under both folders."""
    digest = hashlib.sha256()
    for label, root in (("facts", Path(facts_dir)), ("seeds", Path(seeds_dir))):
        digest.update(f"\0{label}\0".encode())
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            data = fingerprint(path)
            digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def git_commit(folder: Path) -> str | None:
    """The short commit id of the checkout holding `folder`, or None (no git, no checkout)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and commit else None


def fact_base_version(fact_base: FactBase, facts_dir: Path, seeds_dir: Path,
                      files_hash: str | None = None) -> FactBaseVersion:
    """The version of a loaded fact base read from these folders (`files_hash`: their
    `content_hash`, when the caller has it already)."""
    newest = fact_base.summary.newest_source
    return FactBaseVersion(files_hash or content_hash(facts_dir, seeds_dir), newest,
                           git_commit(facts_dir))
