#!/usr/bin/env bash
# Every test, in three parts (the first two at once). Usage: scripts/test.sh [pytest arguments]
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
# Parts 1 and 2 run at the same time: part 2 mostly waits for speech (under a core
# of CPU over its run), so part 1's work fits beside it. Part 2's report follows part 1's.
part2=$(mktemp)
"$python" -m pytest -m "(audio or slow or ovos) and not realtime" -n 4 >"$part2" 2>&1 &
waiting=$!
"$python" -m pytest -m "not audio and not slow and not realtime and not ovos" -n 2 || status=$?
wait "$waiting" || status=$?
cat "$part2"
rm -f "$part2"
"$python" -m pytest -m "realtime" || status=$?
exit "$status"
