#!/usr/bin/env bash
# Runs the benchmark and writes bench/out/results.md. Exits 1 with one line ("benchmark failed: ...") if any run fails.
#
# --scenario all|rows|nights (default all)
#   rows:   rows (a)-(f) and planning; about 10 minutes and ~3 GB of temporary disk on 2 cores.
#           --small N (300) --large-mb N (540) --plan-repos N (20000)
#   nights: a month of nightly snapshots, today's behaviour against the new one in the same run, each into a
#           directory and a versioned bucket on a moto_server of its own; stored bytes against one full snapshot,
#           night times, restore of the oldest and newest snapshot (time, bytes read). Needs faketime and strace
#           (apt-get install faketime strace) and moto_server. About 10 minutes with the defaults.
#           --nights N (35) --quiet-nights N (1: nights after the first that change nothing)
#           --change-percent P (5; the largest repository is always among them)
#           --nights-small N (40) --nights-large-mb N (30); the issue's full sizes: --nights-small 300 --nights-large-mb 540
#           --old-commit REV (a49bbba, the last commit with today's storage) --new-commit REV (default: the working tree)
#           Runners are published once per commit into bench/out/runners/<sha> (the working tree every run).
#           --medium N (2: repositories of 60 MiB) --git-latency-ms N (git requests; default: --latency-ms)
# Both: --latency-ms N (150; API requests) --bandwidth-mbps N (40) --concurrency N (default: github-backup's own)
#
# e.g. bench/run.sh --scenario nights --nights 35
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --configuration Release --project bench/GitHubBackup.Bench -- "$@"
