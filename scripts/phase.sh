#!/usr/bin/env bash
# Run one phase of `make test` and print its wall time as "phase NAME: SECONDS s" (bench/run.py reads it).
set -uo pipefail
name=$1
shift
start=$EPOCHREALTIME
"$@"
status=$?
awk -v name="$name" -v start="$start" -v end="$EPOCHREALTIME" 'BEGIN { printf "phase %s: %.1f s\n", name, end - start }'
exit $status
