"""Reproducible installs and deployment files: locked dependencies with hashes, CI pinned by
commit on every supported Python, a non-root image, and a package that runs from anywhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from bot.config import load_settings

REPO = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _locked(path: Path) -> dict[str, str]:
    """name -> the whole entry (its pin and its hashes)."""
    entries = re.split(r"\n(?=[a-z0-9])", path.read_text(encoding="utf-8"))
    return {_name(entry): entry for entry in entries if re.match(r"[a-z0-9]", entry)}


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ("dev",)),
                                              ("requirements-deploy.lock", ())])
def test_every_dependency_is_locked_with_hashes(lock: str, extras: tuple[str, ...]) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    for extra in extras:
        wanted += project["project"]["optional-dependencies"][extra]
    locked = _locked(REPO / lock)
    missing = {_name(r) for r in wanted} - set(locked)
    assert not missing, f"{lock} lacks {missing}: run `make lock`"
    for name, entry in locked.items():
        assert re.search(r"==[^ ]+", entry) and "--hash=sha256:" in entry, name


def test_make_installs_from_the_lock_only() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements.lock" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile


def test_ci_runs_every_supported_python_with_actions_pinned_by_commit() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", use) for use in uses), uses
    assert any(".ci/run" in step.get("run", "") for step in job["steps"])


def test_the_image_runs_as_a_user_from_the_deploy_lock() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements-deploy.lock" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert 'CMD ["serve"]' in dockerfile and "/healthz" in dockerfile  # HTTP, or Socket Mode


def test_fact_folders_default_to_the_working_directory(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RELATIONS_FACTS", "RELATIONS_SEEDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={}, dotenv_path=tmp_path / "none.env")
    assert settings.facts_dir == tmp_path / "facts" and settings.seeds_dir == tmp_path / "seeds"


def test_python_m_bot_prints_both_versions_from_another_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELATIONS_F")}
    env |= {"RELATIONS_FACTS": str(REPO / "facts"), "RELATIONS_SEEDS": str(REPO / "seeds"),
            "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "bot", "--version"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    program, facts = done.stdout.splitlines()
    assert program.startswith("relations ")
    assert re.fullmatch(r"facts [0-9a-f]{12} · sources to \d{4}-\d\d-\d\d( · commit \w+)?", facts)


def test_make_run_on_a_clean_copy_installs_from_the_lock_and_answers(tmp_path: Path) -> None:
    """README's first command on a clean machine: a copy of the committed tree without
    .venv or .env; `make run` creates .venv from requirements.lock and opens the console.
    (`make test` on a clean copy is what CI runs.) About 40 seconds: the whole install."""
    copy = tmp_path / "relations"
    copy.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD"], capture_output=True,
                             check=True, timeout=60).stdout
    subprocess.run(["tar", "-x", "-C", str(copy)], input=archive, check=True, timeout=60)
    assert not (copy / ".venv").exists() and not (copy / ".env").exists()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "RELATIONS_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env |= {"RELATIONS_USAGE_LOG": "off", "RELATIONS_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(["make", "run"], cwd=copy, env=env, input="/relations meetings 2022\n",
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "`meeting-2022-02-06-xi-japarov-beijing`" in done.stdout  # the answer, cited
    assert "[ Helpful ]" in done.stdout
    assert (copy / ".venv" / ".installed").exists()
