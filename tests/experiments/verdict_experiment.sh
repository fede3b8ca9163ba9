#!/usr/bin/env bash
# The verdicts' proof: ten A/A pairs (same router configuration) and ten A/B pairs (the router's simulated
# connector latency raised by 20 %) of k6/payment-confirm.js, 8 s each at 10 VUs, compared with
# `loadbench compare`. Prints each pair's verdicts and the counts; takes about 7 minutes.
# SECONDS `kit` runs the script's own ramping stages instead (30 s each, about 20 minutes for ten pairs).
# Usage: tests/experiments/verdict_experiment.sh [PAIRS] [SECONDS|kit]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
# QtTest ends a test function after 5 minutes unless told otherwise; ten kit-shaped pairs take 20.
LOADBENCH_EXPERIMENT_PAIRS=${1:-10} LOADBENCH_EXPERIMENT_SECONDS=${2:-8} QT_QPA_PLATFORM=offscreen QTEST_FUNCTION_TIMEOUT=7200000 \
  exec build/tests/experiments/tst_verdict_experiment -maxwarnings 0
