#!/usr/bin/env bash
# fuzz.sh — runs every Go fuzz target (func FuzzX in a _test.go file) of the
# repository for a short while: first on its seed corpus (and any saved
# failures in testdata/fuzz), then on mutated inputs. Part of scripts/test.sh.
#
#   bash scripts/fuzz.sh                  3s of fuzzing per target (CI)
#   FUZZTIME=5m bash scripts/fuzz.sh      longer runs on demand
#   FUZZ_ONLY=FuzzDecode bash scripts/fuzz.sh   one target (a regexp on the name)
#
# A failure leaves the crashing input in <package>/testdata/fuzz/<Target>/
# (commit it: plain `go test` then replays it as a regression test).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FUZZTIME="${FUZZTIME:-3s}"
FUZZ_PARALLEL="${FUZZ_PARALLEL:-2}"
FUZZ_ONLY="${FUZZ_ONLY:-.}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

# package directory <TAB> target, for every fuzz target outside scratch dirs.
mapfile -t targets < <(grep -rIl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(' . |
  grep -v -E '^\./(_|\.)' |
  while read -r f; do
    sed -n -E 's/^func (Fuzz[A-Za-z0-9_]*)\(.*/\1/p' "$f" | while read -r name; do
      printf '%s\t%s\n' "$(dirname "$f")" "$name"
    done
  done | grep -E "	.*(${FUZZ_ONLY})" | sort)

if ((${#targets[@]} == 0)); then
  echo "fuzz.sh: no fuzz targets found" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, $FUZZTIME each"
failed=()
# corpus lists the saved inputs of a target (its failures, once written).
corpus() { ls "$1/testdata/fuzz/$2" 2>/dev/null || true; }

for t in "${targets[@]}"; do
  dir="${t%%	*}"
  name="${t##*	}"
  start=$SECONDS
  for attempt in 1 2 3; do
    before="$(corpus "$dir" "$name")"
    if out="$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" -parallel="$FUZZ_PARALLEL" "$dir" 2>&1)"; then
      echo "ok    $dir $name ($((SECONDS - start))s)"
      break
    fi
    # Go 1.26's fuzzing coordinator can report the end of -fuzztime itself
    # as a failure ("context deadline exceeded", no input written:
    # https://go.dev/issue/75804, fixed in Go 1.27). Only that exact case is
    # run again; anything else, or a saved input, is a failure.
    if ((attempt < 3)) && [[ "$(corpus "$dir" "$name")" == "$before" ]] &&
      grep -q '^    context deadline exceeded$' <<<"$out" &&
      ! grep -q -e 'Failing input written' -e 'panic:' <<<"$out"; then
      echo "again $dir $name: the fuzzing coordinator's deadline race (go.dev/issue/75804), no failing input"
      continue
    fi
    echo "FAIL  $dir $name ($((SECONDS - start))s)"
    echo "$out" | tail -n 40
    failed+=("$dir $name")
    break
  done
done
if ((${#failed[@]} > 0)); then
  echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets passed"
