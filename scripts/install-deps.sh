#!/usr/bin/env bash
# Installs, from Debian 12's archive, whatever of Loadbench's build (and, with --test, test; with --bench,
# benchmark; with --fuzz, fuzzing) dependencies is missing.
# Idempotent: does nothing when everything is there. Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git
  qt6-base-dev qt6-declarative-dev libgit2-dev nlohmann-json3-dev libsimdjson-dev libisal-dev zlib1g-dev
  libcurl4-openssl-dev esbuild libarchive-dev node-core-js
  libcpp-httplib-dev libtomlplusplus-dev libqt6sql6-sqlite libqt6sql6-psql
  qt6-charts-dev libqt6svg6
  libmodest-dev # the engine's k6/html: an HTML5 parser with a CSS selector engine
  libboost-math-dev # Boost.Math's Student's t distribution for the history's change points (header-only)
  libssl-dev # OpenSSL 3 for the engine's k6/crypto and WebCrypto (app/engine/crypto)
  protobuf-compiler libprotobuf-dev libsnappy-dev # the engine's Prometheus remote-write output
)
# With --test, also what only the tests need: a PostgreSQL server for the router's suite, python3 for the stand-in
# docker of the compose backend's tests, docker-compose to validate the kit's compose file, and locales for
# localedef, which compiles the decimal-comma locale the output tests run under, and openssl, which makes the
# certificate of the HTTPS server the remote-module tests fetch from, and Debian's httpbin under gunicorn, the
# server the engine's k6/http tests send their requests to, and zstd, which compresses the zstd body they decode,
# and InfluxDB 1.x and Prometheus, which the engine's outputs write to in tst_engine_outputs.
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql docker-compose python3 locales openssl python3-httpbin gunicorn zstd influxdb prometheus)
fi
# With --fuzz, Debian's clang for the libFuzzer targets of tests/fuzz (scripts/fuzz.sh): gcc has no libFuzzer;
# libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes, which clang only recommends.
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi
# With --bench, the references the benchmarks measure against: nginx as a target, wrk as a load generator, and
# GNU time, which reports a process's CPU time (rusage).
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(nginx-light wrk curl time)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
