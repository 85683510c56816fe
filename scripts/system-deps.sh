#!/usr/bin/env bash
# Debian packages the project needs beyond Python wheels: a PostgreSQL server for the store tests,
# PortAudio for sounddevice, espeak-ng and sox for the speech fallback and audio tests, PulseAudio
# (with its tools and ALSA plugin) for the kiosk test through a real audio stack.
# Installs only what is missing, so repeated runs are instant.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || need+=(libportaudio2)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
command -v pulseaudio >/dev/null 2>&1 || need+=(pulseaudio)
command -v paplay >/dev/null 2>&1 || need+=(pulseaudio-utils)
# sounddevice → PortAudio → ALSA → PulseAudio needs ALSA's pulse plugin (a Recommends, not pulled in above).
dpkg -s libasound2-plugins >/dev/null 2>&1 || need+=(libasound2-plugins)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
