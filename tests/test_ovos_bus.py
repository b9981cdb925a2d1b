"""The OpenVoiceOS skill end to end, as it runs on a device: a real `ovos-messagebus`
server process and a real skills service process (`python -m ovos_core`), both
configured through a mycroft.conf in a temporary XDG directory; utterances go in over
the websocket with `ovos-bus-client`, and the `speak` messages are read back.

Needs the `ovos-test` extra; run with the serial part of scripts/test.sh (marker `ovos`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("TWITCHCHECK_REQUIRE_OVOS") != "1":  # CI sets it: there a missing OVOS fails
    pytest.importorskip("ovos_core", reason="the OpenVoiceOS tests need the ovos-test extra")
    pytest.importorskip("ovos_messagebus", reason="the OpenVoiceOS tests need the ovos-test extra")

# OVOS's own modules warn about their deprecated calls on every message.
pytestmark = [pytest.mark.ovos, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

START_TIMEOUT = 60.0
PIPELINE = ["stop_high", "converse", "padacioso_high", "fallback_high", "stop_medium", "padacioso_medium",
            "fallback_medium", "fallback_low"]
"""OVOS's default pipeline with padacioso for padatious: ovos-core 2.1 does not put
padacioso in padatious's place by itself, and ovos-padatious is not installed here."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def other_skills() -> list[str]:
    """Every installed skill but this one: the service loads only this one."""
    from ovos_plugin_manager.skills import find_skill_plugins

    from tests.ovosfixtures import SKILL_ID

    return sorted(skill_id for skill_id in find_skill_plugins() if skill_id != SKILL_ID)


def write_config(root: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        path = root / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    config = {
        "websocket": {"host": "127.0.0.1", "port": port, "route": "/core", "shared_connection": True},
        "skills": {"blacklisted_skills": other_skills(), "installer": {"allow_pip": False}},
        "lang": "en-US",
        "intents": {"pipeline": PIPELINE},
        # Never ask the internet whether it is there (the check is offline): a closed local port.
        "network_tests": {"web_url": "http://127.0.0.1:9", "web_url_secondary": "http://127.0.0.1:9"},
        "log_level": "INFO",
        "logs": {"path": "stdout"},
    }
    (root / "xdg_config_home" / "mycroft").mkdir(parents=True, exist_ok=True)
    (root / "xdg_config_home" / "mycroft" / "mycroft.conf").write_text(json.dumps(config))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start(name: str, args: list[str], env: dict[str, str], root: Path) -> subprocess.Popen[bytes]:
    log = (root / f"{name}.log").open("wb")
    return subprocess.Popen([sys.executable, *args], env=env, stdout=log, stderr=subprocess.STDOUT,
                            cwd=root, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def logs(root: Path) -> str:
    return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in root.glob("*.log"))


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from ovos_bus_client import MessageBusClient
    from ovos_bus_client.message import Message

    root = tmp_path_factory.mktemp("ovos-device")
    port = free_port()
    env = write_config(root, port)
    server = start("messagebus", ["-m", "ovos_messagebus"], env, root)
    skills = None
    client = None
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # the server listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, logs(root)
                time.sleep(0.1)
        client = MessageBusClient(host="127.0.0.1", port=port, route="/core")
        client.run_in_thread()
        assert client.connected_event.wait(10), logs(root)
        # What the connectivity plugin of a device would answer; without an answer the
        # skills service waits three seconds and then tries the network itself.
        client.on("ovos.PHAL.internet_check", lambda message: client.emit(message.response(
            {"internet_connected": False, "network_connected": False})))
        # After loading skills the service asks the intent pipelines to train and waits a
        # minute for an answer; ovos-padatious answers on a full install, padacioso (which
        # trains as intents are registered) never does.
        client.on("mycroft.skills.train", lambda message: client.emit(message.reply("mycroft.skills.trained")))
        skills = start("skills", ["-m", "ovos_core", "--disable-installer", "--disable-file-watcher"], env, root)
        while True:  # the skills service has loaded the skill and trained its intents
            reply = client.wait_for_response(Message("mycroft.skills.is_ready"), timeout=1)
            if reply is not None and reply.data.get("status"):
                break
            assert skills.poll() is None and time.monotonic() < deadline, logs(root)
        yield client
    finally:
        if client is not None:
            client.close()
        if skills is not None:
            stop(skills)
        stop(server)


def test_a_check_over_a_real_message_bus(bus: Any) -> None:
    from tests.ovosfixtures import Device

    alice = Device(bus, "alice-on-the-kitchen-satellite", pipeline=PIPELINE)
    started = alice.say("check my twitching")
    assert started.handled
    assert started.text.startswith("Hello.") and started.expect_response == [True]
    answered = alice.say("no")
    assert answered.text.endswith("How long have you had the twitching?")
    emergency = alice.say("about two weeks, and now I can't breathe")
    assert emergency.spoken and "Call emergency services now, on nine one one." in emergency.spoken[0]
    assert emergency.expect_response == [False]


def test_stop_over_a_real_message_bus(bus: Any) -> None:
    from tests.ovosfixtures import Device

    bob = Device(bus, "bob-on-the-bedroom-satellite", pipeline=PIPELINE)
    assert bob.say("my eye keeps twitching").text.startswith("Hello.")
    stopped = bob.say("stop")
    assert stopped.text.startswith("Okay, stopping the check here.")
    assert stopped.expect_response == [False]
