#!/usr/bin/env bash
# Installs the Debian packages vmsim builds with (and, with --tests, those its tests and
# benchmarks build and run with), and only those that are missing: on a machine that has them
# all it does nothing (no apt-get update, no network). Idempotent.
# Usage: bash cmake/setup.sh [--tests]
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libboost-program-options-dev libboost-dev nlohmann-json3-dev libcpp-httplib-dev libssl-dev
)
case "${1:-}" in
  "") ;;
  --tests)
    packages+=(
      libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
      chromium  # headless, for the test that the sweep report's charts render
    ) ;;
  *) echo "usage: bash cmake/setup.sh [--tests]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} build packages are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
