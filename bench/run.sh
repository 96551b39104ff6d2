#!/usr/bin/env bash
# Runs the benchmark (about 10 minutes and ~3 GB of temporary disk on 2 cores) and writes bench/out/results.md.
# Options: --small N --medium N --large-mb N --latency-ms N (API requests) --git-latency-ms N (git requests; default: --latency-ms)
#          --bandwidth-mbps N --concurrency N (default: github-backup's own) --plan-repos N --full-only (only the baseline and the full run)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --configuration Release --project bench/GitHubBackup.Bench -- "$@"
