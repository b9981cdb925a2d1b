#!/usr/bin/env bash
# Every test, in two parts. Usage: scripts/test.sh [pytest arguments]
#
# 1. The tests that run no clock of their own (dialogue, red flags, typed and
#    machine modes, the text service): on both cores, with pytest-xdist.
# 2. The tests that run in real time (the virtual audio room, satellites,
#    speech models) and those that start OpenVoiceOS (marker `ovos`): one at a
#    time, alone on the machine, because how fast the skill answers while the
#    person talks is part of what they check, and a busy second core made such
#    tests fail on a loaded machine.
# With arguments, pytest runs once with exactly those (one file, -k, ...).
set -uo pipefail
cd "$(dirname "$0")/.."
python=${VENV:-.venv}/bin/python
if [ $# -gt 0 ]; then
  exec "$python" -m pytest "$@"
fi
status=0
"$python" -m pytest -m "not audio and not slow and not realtime and not ovos" -n 2 || status=$?
"$python" -m pytest -m "audio or slow or realtime or ovos" || status=$?
exit "$status"
