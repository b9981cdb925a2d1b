#!/usr/bin/env bash
# Every test, in three parts. Usage: scripts/test.sh [pytest arguments]
#
# 1. The tests that run no clock of their own (dialogue, red flags, typed and
#    machine modes, the text service): on both cores, with pytest-xdist.
# 2. The tests that run in real time (the virtual audio room, satellites,
#    speech models) and those that start OpenVoiceOS (marker `ovos`), four at a
#    time: each has an audio room (or an OVOS bus) of its own and
#    checks order and presence, not sub-second timing, and most of its time is
#    spent waiting for speech to be said (all of them together used 230 s of
#    CPU time, measured: under a core, spread over the run).
# 3. The tests marked realtime (they assert sub-second gaps, cuts or CPU use,
#    which a busy second core breaks): one at a time, alone on the machine.
# With arguments, pytest runs once with exactly those (one file, -k, ...).
set -uo pipefail
cd "$(dirname "$0")/.."
python=${VENV:-.venv}/bin/python
if [ $# -gt 0 ]; then
  exec "$python" -m pytest "$@"
fi
status=0
"$python" -m pytest -m "not audio and not slow and not realtime and not ovos" -n 2 || status=$?
"$python" -m pytest -m "(audio or slow or ovos) and not realtime" -n 5 || status=$?
"$python" -m pytest -m "realtime" || status=$?
exit "$status"
