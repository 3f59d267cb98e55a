#!/usr/bin/env bash
# Helps move eclipse-newest.target to a newer Eclipse platform, the way its list was made (see its header).
# Prints (changes nothing):
#  1. every pinned artifact for which Maven Central has a newer release;
#  2. what the newest org.eclipse.platform / org.eclipse.emf releases resolve to transitively (their POMs name the
#     third-party versions the platform builds with: icu4j, jakarta.*, jna, batik, ...), and new artifacts they need.
# Then edit the target by hand and run the install test (README "Installing into Eclipse or STM32CubeIDE"); a
# bundle the POMs do not name (felix.scr, swt.svg's extender SPI Fly, ...) shows up as a resolution error there.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MVNW="$HERE/../../mvnw"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
{
  echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
  echo '<groupId>tmp</groupId><artifactId>newest-platform-check</artifactId><version>1</version><packaging>pom</packaging>'
  echo '<dependencies>'
  grep -o '<dependency>.*</dependency>' "$HERE/eclipse-newest.target"
  echo '</dependencies></project>'
} > "$WORK/pom.xml"
cd "$WORK"
echo "== 1. pinned artifacts with a newer release on Maven Central"
"$MVNW" -B -q org.codehaus.mojo:versions-maven-plugin:2.18.0:display-dependency-updates \
  -Dversions.outputFile="$WORK/updates.txt" -Dversions.outputLineWidth=140 >/dev/null
grep -- '->' "$WORK/updates.txt" || echo "   none"
echo "== 2. the newest org.eclipse.platform / org.eclipse.emf releases, resolved transitively, where they differ from"
echo "   the target (artifacts the bare platform product does not take, e.g. commons-io, xml-apis-ext, are left out of it)"
"$MVNW" -B -q org.codehaus.mojo:versions-maven-plugin:2.18.0:use-latest-releases \
  -Dincludes='org.eclipse.platform:*,org.eclipse.emf:*' -DgenerateBackupPoms=false >/dev/null
"$MVNW" -B -q dependency:list -DincludeScope=compile -Dsort=true -DoutputFile="$WORK/list.txt" >/dev/null
sed -n 's/^ *\([^ ]*\):jar:\([^:]*\):compile.*/\1 \2/p' "$WORK/list.txt" | sed 's/:jar//' | while read -r ga v; do
  g=${ga%%:*}; a=${ga#*:}
  if grep -q "<groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version>" "$HERE/eclipse-newest.target"; then
    continue
  fi
  pinned=$(grep -o "<groupId>$g</groupId><artifactId>$a</artifactId><version>[^<]*" "$HERE/eclipse-newest.target" \
           | sed 's/.*<version>//' || true)
  echo "   $g:$a ${pinned:-(not pinned)} -> $v"
done
