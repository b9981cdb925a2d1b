"""The real `twitchcheck serve` process, reached through clients nobody on the project
wrote: the wyoming library's HTTP gateway (`python -m wyoming.http.intent_server`)
driven by plain HTTP requests, and a Wyoming client on its standard input and output."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from wyoming.asr import Transcript
from wyoming.event import read_event, write_event

from tests.cli import command, run
from tests.servefixtures import free_port, stop


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port} within {timeout} s")


@pytest.fixture(scope="module")
def gateway() -> Iterator[str]:
    """`twitchcheck serve` on a free port with the library's HTTP gateway in front of it."""
    wyoming_port, http_port = free_port(), free_port()
    service = subprocess.Popen(command() + ["serve", "--uri", f"tcp://127.0.0.1:{wyoming_port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    gateway = None
    try:
        wait_for_port(wyoming_port, service)
        gateway = subprocess.Popen([sys.executable, "-m", "wyoming.http.intent_server",
                                    "--uri", f"tcp://127.0.0.1:{wyoming_port}",
                                    "--host", "127.0.0.1", "--port", str(http_port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_port(http_port, gateway)
        yield f"http://127.0.0.1:{http_port}"
    finally:
        if gateway is not None:
            stop(gateway)
        stop(service)


def http(url: str, body: str | None = None) -> dict:
    request = urllib.request.Request(url, data=None if body is None else body.encode(),
                                     method="GET" if body is None else "POST",
                                     headers={"Content-Type": "text/plain; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_http_gateway_posts_an_opening_and_gets_the_first_question(gateway: str) -> None:
    answer = http(f"{gateway}/api/recognize-intent", "check my twitching")
    assert answer["success"] is True and answer["type"] == "handled"
    events = answer["result"]["context"]["events"]
    assert [e["type"] for e in events][:3] == ["say", "say", "ask"] and events[2]["slot"] == "screening"
    assert events[2]["text"] in answer["result"]["text"]


def test_http_gateway_get_with_a_red_flag_gets_the_emergency_message(gateway: str) -> None:
    query = urllib.parse.urlencode({"text": "my whole arm went numb and i can't breathe"})
    answer = http(f"{gateway}/api/recognize-intent?{query}")
    assert answer["type"] == "handled"
    [emergency] = [e for e in answer["result"]["context"]["events"] if e["type"] == "emergency"]
    assert "breathing" in emergency["red_flags"] and "nine one one" in answer["result"]["text"]
    assert "911" in answer["result"]["context"]["display_text"]
    assert answer["result"]["context"]["continue_conversation"] is False


def test_http_gateway_info_lists_the_handle_program(gateway: str) -> None:
    info = http(f"{gateway}/api/info")
    assert [program["name"] for program in info["handle"]] == ["twitchcheck"]


def test_stdio_serves_one_client_on_standard_input_and_output() -> None:
    sent = io.BytesIO()
    for text, cid in (("check my twitching", "s"), ("no", "s"), ("i had a seizure", "s")):
        write_event(Transcript(text, context={"conversation_id": cid}).event(), sent)
    done = subprocess.run(command() + ["serve", "--uri", "stdio://"], input=sent.getvalue(),
                          capture_output=True, timeout=60)
    out = io.BytesIO(done.stdout)
    replies = [read_event(out) for _ in range(3)]
    assert [r.type for r in replies if r] == ["handled"] * 3, done.stderr.decode()
    second, third = replies[1], replies[2]
    assert second is not None and third is not None
    assert second.data["context"]["events"][-1]["slot"] == "duration"
    assert third.data["context"]["events"][0]["type"] == "emergency"


@pytest.mark.parametrize("args,message", [
    (["--uri", "http://127.0.0.1:1"], "use tcp://HOST:PORT"),
    (["--uri", "tcp://127.0.0.1"], "use tcp://HOST:PORT"),
    (["--max-conversations", "0"], "--max-conversations must be more than 0"),
    (["--emergency-number", " "], "--emergency-number: must not be empty"),
    # the same checks as the local check's (issue 9, item 8)
    (["--emergency-number", "abc"], "--emergency-number: may hold only digits"),
    (["--emergency-number", "911\x1b[2J"], "--emergency-number: may hold only digits"),
    (["--rate", "5"], "--rate: must be between 80 and 400"),
])
def test_bad_options_are_refused_with_a_reason(args: list[str], message: str) -> None:
    done = run(["serve", *args])
    assert done.returncode == 2 and message in done.stderr.decode()


def test_serving_beyond_this_machine_warns_that_wyoming_has_no_authentication() -> None:
    port = free_port()
    proc = subprocess.Popen(command() + ["serve", "--uri", f"tcp://0.0.0.0:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, proc)
    finally:
        stop(proc)
    assert proc.stderr is not None
    assert "no authentication or encryption" in proc.stderr.read().decode()


def test_a_whole_served_check_writes_no_file(tmp_path) -> None:
    import os
    port = free_port()
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.Popen(command() + ["serve", "--uri", f"tcp://127.0.0.1:{port}"], cwd=tmp_path,
                            env={**os.environ, "HOME": str(home), "TMPDIR": str(tmp_path)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        import asyncio

        from tests.harness import load_jsonl
        from tests.servefixtures import whole_check
        vignette = load_jsonl("vignettes.jsonl")[0]
        check = asyncio.run(asyncio.wait_for(
            whole_check("127.0.0.1", port, "private", vignette["answers"]), 60))
    finally:
        stop(proc)
    assert check.level == vignette["expect"]
    written = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")]
    assert written == ["home"], written
