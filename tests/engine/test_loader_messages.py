"""The contributor messages table: every row is used, and fills in from its own fields."""

from __future__ import annotations

import inspect
import string
from pathlib import Path

from bot.engine.loader import messages

LOADER = Path(messages.__file__).parent


def test_every_message_is_reported_somewhere_and_fills_in() -> None:
    reporters = [LOADER / name for name in ("reader.py", "entries.py", "rules.py")] + [
        LOADER.parent / name for name in ("links.py", "locations.py", "modality.py",
                                          "subjects.py")]  # the findings of rules
    code = inspect.getsource(messages.explain) + "".join(
        path.read_text(encoding="utf-8") for path in reporters)
    for name, templates in messages.MESSAGES.items():
        assert f'"{name}"' in code, f"{name} is never reported"
        fields = {field for template in templates
                  for _, field, _, _ in string.Formatter().parse(template) if field}
        text, fix = messages.message(name, **{field: f"<{field}>" for field in fields})
        assert text and fix and "{" not in text + fix
