#!/usr/bin/env bash
# Builds what a release ships, into ./artifacts (or $ARTIFACTS):
#   build/publish.sh                 the .NET tool package and the four single-file binaries
#   build/publish.sh tool linux-x64  just those (any of: tool linux-x64 linux-arm64 osx-arm64 win-x64)
#   build/publish.sh --restore-only osx-arm64 ...   only check that each RID's runtime packs restore
# Outputs: github-backup.<version>.nupkg, <rid>/github-backup[.exe] (self-contained, single file),
# github-backup-<version>-<rid>.tar.gz, SHA256SUMS. VERSION=1.2.3 overrides the project's version.
# Intermediate files go under $ARTIFACTS/build, never into the source tree's bin/ and obj/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/src/Runner/GitHubBackup.Runner.csproj"
out="$(mkdir -p "${ARTIFACTS:-$root/artifacts}" && cd "${ARTIFACTS:-$root/artifacts}" && pwd)"
all_targets=(tool linux-x64 linux-arm64 osx-arm64 win-x64)

restore_only=false
if [ "${1:-}" = "--restore-only" ]; then
  restore_only=true
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  case " ${all_targets[*]} " in
    *" $target "*) ;;
    *) echo "error: unknown target '$target' (expected any of: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done

version="${VERSION:-$(dotnet msbuild "$project" -getProperty:Version)}"
version="${version#v}"
common=(--configuration Release --artifacts-path "$out/build" "-p:Version=$version")
# One file that carries the runtime; compressed (about half the size, ~0.1 s more at start).
single_file=(-p:SelfContained=true -p:PublishSingleFile=true
  -p:EnableCompressionInSingleFile=true -p:DebugType=none)

for target in "${targets[@]}"; do
  if [ "$target" = tool ]; then
    $restore_only && continue
    echo "== the .NET tool package ($version)"
    dotnet pack "$project" "${common[@]}" --output "$out"
    continue
  fi

  if $restore_only; then
    echo "== restore $target"
    dotnet restore "$project" --runtime "$target" --artifacts-path "$out/build" "${single_file[@]}"
    continue
  fi

  echo "== $target ($version)"
  rm -rf "${out:?}/$target"
  dotnet publish "$project" "${common[@]}" --runtime "$target" "${single_file[@]}" --output "$out/$target"
  tar -czf "$out/github-backup-$version-$target.tar.gz" -C "$out/$target" .
done

if ! $restore_only; then
  shopt -s nullglob
  (cd "$out" && files=(*.nupkg *.tar.gz) && sha256sum -- "${files[@]}" >SHA256SUMS)
  echo "== done: $out"
fi
