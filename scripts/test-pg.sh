#!/usr/bin/env bash
# `npm run test:pg`: the PostgreSQL tests alone, against a throw-away server started here.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/pg-test-cluster.sh start)"
trap 'bash scripts/pg-test-cluster.sh stop "$YUSUAN_TEST_PG_DATA"' EXIT
npx vitest run test/migration-twins.test.ts test/pg-store.test.ts test/pg-queue.test.ts "$@"
