#!/usr/bin/env bash
# find-java.sh MIN: prints the home of a Java whose feature version is at least MIN, or fails saying what to do.
# Looks at $FLASHBANK_JAVA_HOME (an explicit choice), then $JAVA_HOME, then every JDK/JRE under /usr/lib/jvm
# (Debian's and Temurin's place), taking the lowest version that is new enough there.
set -euo pipefail
MIN=${1:?minimum Java feature version}
feature() {  # feature version of the Java at $1 (from its release file, else from java -version), 0 if none
  local v=""
  if [ -f "$1/release" ]; then v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"); fi
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  [ -x "$1/bin/java" ] && [ -n "$v" ] && echo "$v" || echo 0
}
for home in "${FLASHBANK_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
  if [ -n "$home" ] && [ "$(feature "$home")" -ge "$MIN" ]; then echo "$home"; exit 0; fi
done
best=""; bestv=0
for home in /usr/lib/jvm/*; do
  [ -L "$home" ] && continue   # Debian's version-named links point to the same JDKs
  v=$(feature "$home")
  if [ "$v" -ge "$MIN" ] && { [ -z "$best" ] || [ "$v" -lt "$bestv" ]; }; then best=$home; bestv=$v; fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi
echo "find-java: no Java $MIN or newer (FLASHBANK_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*): the install test against the" \
     "newest Eclipse platform needs one; install a JDK $MIN+ (e.g. Temurin) and/or set FLASHBANK_JAVA_HOME to it" >&2
exit 1
