#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 as an unprivileged user,
# print the URL for STRAITWATCH_TEST_PG_URL. `scripts/pg-test-cluster.sh stop DIR` stops it.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
if [[ "${1:-}" == stop ]]; then
  dir="$2"; owner=$(stat -c %U "$dir")
  runuser_cmd=(); [[ $(id -u) -eq 0 ]] && runuser_cmd=(runuser -u "$owner" --)
  "${runuser_cmd[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"; exit 0
fi
port="${PGPORT_TEST:-55432}"
dir=$(mktemp -d /tmp/straitwatch-pg.XXXXXX)
run=()
if [[ $(id -u) -eq 0 ]]; then
  id straitwatch-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin straitwatch-ci
  chown straitwatch-ci "$dir"; run=(runuser -u straitwatch-ci --)
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
echo "$dir postgresql://postgres@127.0.0.1:$port/postgres"
