#!/usr/bin/env bash
# Smoke test of ./flashbank-workbench: it must open a workbench window on the X display; a screenshot of the
# screen is saved to <target>/screenshots/flashbank-workbench.png for a person to look at.
# Waits for the window by polling the X server (xwininfo), never by a fixed sleep.
set -euo pipefail
TARGET=${1:?target dir}
ROOT=$(pwd)
[ -n "${DISPLAY:-}" ] || { echo "workbench-smoke: DISPLAY is not set: run the build under Xvfb (see README)" >&2; exit 1; }
for tool in xwininfo import; do
  command -v $tool >/dev/null || { echo "workbench-smoke: '$tool' missing (apt-get install x11-utils imagemagick)" >&2; exit 1; }
done
mkdir -p "$TARGET/screenshots"
WS="$TARGET/smoke-workspace"; rm -rf "$WS"
LOG="$TARGET/workbench-smoke.log"
"$ROOT/flashbank-workbench" --workspace "$WS" >"$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap cleanup EXIT
deadline=$((SECONDS + 180))
found=""
while [ $SECONDS -lt $deadline ]; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "workbench-smoke: the workbench exited early:" >&2; cat "$LOG" >&2; exit 1
  fi
  # the workbench window's title ends with the product name; the splash/progress shell has no such title
  found=$(xwininfo -root -tree 2>/dev/null | grep -E '"[^"]* - Flashbank Workbench *"' | head -1 || true)
  if [ -n "$found" ]; then
    wid=$(echo "$found" | awk '{print $1}')
    if xwininfo -id "$wid" 2>/dev/null | grep -q 'Map State: IsViewable'; then break; fi
  fi
  found=""
  read -r -t 1 <> <(:) || true   # 1 s poll interval without spawning sleep
done
[ -n "$found" ] || { echo "workbench-smoke: no Flashbank Workbench window within 180 s" >&2; cat "$LOG" >&2; exit 1; }
echo "workbench-smoke: window up: $found"
# the window is mapped; let the event loop paint it: wait until two consecutive screenshots are identical
prev=""
for i in $(seq 1 30); do
  import -window root "$TARGET/screenshots/flashbank-workbench.png"
  sum=$(md5sum < "$TARGET/screenshots/flashbank-workbench.png")
  [ "$sum" = "$prev" ] && break
  prev=$sum
  read -r -t 1 <> <(:) || true
done
echo "workbench-smoke: screenshot $TARGET/screenshots/flashbank-workbench.png"
