#!/usr/bin/env bash
# Time to first prompt and idle memory of the release build, next to a Swift hello-world built
# the same way. A benchmark, not a test: it prints figures.
#
#     bash Benchmarks/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
# Built as the README's start command builds it: the Swift runtime and Foundation linked statically.
swift build -c release -Xswiftc -static-stdlib --product iam-tutor >/dev/null
tutor=$(swift build -c release -Xswiftc -static-stdlib --show-bin-path)/iam-tutor

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'print("hello")\n' > "$work/hello.swift"
swiftc -O -static-stdlib "$work/hello.swift" -o "$work/hello" 2>/dev/null

# Piped mode: the banner and first prompt are printed, then end of input; that is the time to
# the first prompt plus a clean exit.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" </dev/null >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
  done | median
}
hello_us=$(measure "$work/hello")
tutor_us=$(measure env IAM_TUTOR_HOME="$work/home" "$tutor")
rss_kb=$(/usr/bin/time -f %M env IAM_TUTOR_HOME="$work/home" "$tutor" </dev/null 2>&1 >/dev/null | tail -1)
echo "{\"hello_world_us\": $hello_us, \"iam_tutor_first_prompt_us\": $tutor_us, \"ratio\": $(awk "BEGIN {printf \"%.2f\", $tutor_us / $hello_us}"), \"idle_rss_mb\": $(awk "BEGIN {printf \"%.1f\", $rss_kb / 1024}")}"
