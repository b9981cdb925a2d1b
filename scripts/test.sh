#!/usr/bin/env bash
# Every test, in three parts. Usage: scripts/test.sh [pytest arguments]
#
# 1. The tests that run no clock of their own (dialogue, red flags, typed and
#    machine modes, the text service): on both cores, with pytest-xdist.
# 2. The tests that run in real time (the virtual audio room, satellites,
#    speech models) and those that start OpenVoiceOS (marker `ovos`), six at a
#    time, whole spoken conversations first (tests/conftest.py): each has an
#    audio room (or an OVOS bus) of its own and checks order and presence, not
#    sub-second timing, and most of its time is spent waiting for speech to be
#    said (all of them together used about 320 s of CPU time in 270 s).
# 3. The tests marked realtime (they assert sub-second gaps, cuts or CPU use,
#    which a busy second core breaks): alone on the machine, three at a time.
#    They use little CPU (15 s in 105 s when run one by one: they wait for sound
#    to be played), so three at a time leave the cores idle; measured: 105 s -> 46 s,
#    and all passed with a busy-loop on one core beside them. Except the real satellite
#    (five processes between the mouth and the ear, 0.3 s of margin): it failed once in
#    eight runs beside the others, so it runs after them, alone.
# With arguments, pytest runs once with exactly those (one file, -k, ...).
set -uo pipefail
cd "$(dirname "$0")/.."
python=${VENV:-.venv}/bin/python
if [ $# -gt 0 ]; then
  exec "$python" -m pytest "$@"
fi
# Each part collects only the files that can hold its tests: collecting all of them costs
# about 7 s of CPU in every worker. A file is found by the marks written in it
# (`pytest.mark.audio`, a module's `pytestmark = ...`); no mark is added anywhere else.
marked() { grep -l -E "$1" tests/test_*.py; }
whole_modules=$(marked '^pytestmark = .*mark\.(audio|slow|ovos)')
ignore=()
for f in $whole_modules; do ignore+=(--ignore "$f"); done
status=0
"$python" -m pytest -m "not audio and not slow and not realtime and not ovos" -n 2 "${ignore[@]}" || status=$?
"$python" -m pytest -m "(audio or slow or ovos) and not realtime" -n 6 \
  $(marked 'mark\.(audio|slow|ovos)\b') || status=$?
alone=tests/test_serve_real_satellite.py
"$python" -m pytest -m "realtime" -n 3 $(marked 'mark\.realtime\b' | grep -v -x "$alone") || status=$?
"$python" -m pytest -m "realtime" "$alone" || status=$?
exit "$status"
