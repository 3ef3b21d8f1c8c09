"""Log set-up: plain text or one JSON object per line, on stderr."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.ops.logs import configure_logging, request_log


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_logs_are_one_object_per_line(restore_logging: None,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    with request_log("dm", 'sco "quoted"') as record:
        record.kind, record.facts = "position", 3
    logging.getLogger("relations.test").warning("two\nlines")
    lines = capsys.readouterr().err.splitlines()
    request, warning = (json.loads(line) for line in lines)
    assert request["logger"] == "relations.requests" and request["front_end"] == "dm"
    assert (request["kind"], request["facts"], request["outcome"]) == ("position", 3, "answered")
    assert request["query"] == 'sco "quoted"' and request["time"].endswith("Z")
    assert warning["message"] == "two\nlines" and warning["level"] == "warning"


def test_text_logs_quote_the_query_and_a_failure_is_counted(
        restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("text")
    with pytest.raises(RuntimeError), request_log("command", "x\ny"):
        raise RuntimeError("boom")
    [line] = capsys.readouterr().err.splitlines()
    assert "relations.requests: relations: command unknown failed facts=0" in line
    assert line.endswith("query='x\\ny'")
