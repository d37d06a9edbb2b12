#!/usr/bin/env bash
# Counts public/protected methods and constructors without any javadoc comment, per library module.
# Uses javac's doclint ("missing" group, protected and wider); overriding methods inherit their
# documentation and are not reported, nor are implicit record accessors.
# Usage: tools/count-missing-javadoc.sh [-v]   (from the repository root; works offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mods="core predictors search llm study"
cp_file=$(mktemp); out=$(mktemp -d); log=$(mktemp)
trap 'rm -rf "$cp_file" "$out" "$log"' EXIT
for m in $mods; do
  mvn -B -q -o -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$out/$m.cp" -DexcludeGroupIds=dev.llmnas \
      -pl "$m" >/dev/null 2>&1 || { echo "mvn dependency:build-classpath failed in $m" >&2; exit 1; }
  { cat "$out/$m.cp"; echo; } | tr ':' '\n' >> "$cp_file"
done
srcs=$(for m in $mods; do find "$m/src/main/java" -name '*.java'; done)
# shellcheck disable=SC2086
javac -proc:none -d "$out" -cp "$(sort -u "$cp_file" | grep . | paste -sd:)" -Xmaxwarns 100000 \
      -Xdoclint:missing/protected $srcs 2> "$log" || true
grep -q ' error: ' "$log" && { grep ' error: ' "$log" >&2; exit 1; }
# a "no comment" warning whose source line declares a method or constructor (has a '(' and is not an
# enum constant such as `XEON("xeon", ...)`)
awk '/warning: no comment/ {w=$0; getline src; if (src ~ /\(/ && src !~ /^ *[A-Z0-9_]+\(/) print w}' \
    "$log" > "$out/hits"
[ "${1:-}" = "-v" ] && sed 's/: warning: no comment//' "$out/hits"
for m in $mods; do printf '%-11s %d\n' "$m" "$(grep -c "^$m/" "$out/hits" || true)"; done
