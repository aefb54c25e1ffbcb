#!/usr/bin/env bash
# Runs the benchmarks in a Release build: `bench/run.sh` (all of them), `bench/run.sh pod-creates`, `bench/run.sh --list`,
# `bench/run.sh watch-fanout --watchers 50`. The runner installs Debian's etcd-server itself when a baseline needs it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- all; fi
exec dotnet run -c Release --project bench/Coxswain.Bench -- "$@"
