#!/usr/bin/env bash
# Sourced by the migration benchmarks: one migration over loopback TCP between two fresh JVMs.
#   loopback_run JAR PORT OUT_PREFIX "RECEIVE ARGS" MIGRATE ARGS...
# starts `receive --listen PORT --sessions 1 --json RECEIVE ARGS` (words split) in the background,
# runs `migrate --to tcp:127.0.0.1:PORT --json MIGRATE ARGS`, and leaves OUT_PREFIX-receive.jsonl
# and OUT_PREFIX-migrate.json. A failed migration leaves its report too; it never stops the caller.
loopback_run() {
  local jar=$1 port=$2 prefix=$3 receive_args=$4
  shift 4
  # shellcheck disable=SC2086
  java -jar "$jar" receive --listen "$port" --sessions 1 --json $receive_args > "$prefix-receive.jsonl" &
  local receiver=$!
  sleep 2
  java -jar "$jar" migrate --to "tcp:127.0.0.1:$port" --json "$@" > "$prefix-migrate.json" || true
  wait "$receiver" || true
}
