#!/usr/bin/env bash
# Runs the benchmark (about 10 minutes and ~3 GB of temporary disk on 2 cores) and writes bench/out/results.md.
# Options: --small N --large-mb N --latency-ms N --bandwidth-mbps N --concurrency N --plan-repos N
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --configuration Release --project bench/GitHubBackup.Bench -- "$@"
