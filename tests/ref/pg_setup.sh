#!/bin/sh
# Start the local PostgreSQL 15 cluster and make the database the PostGIS
# tests read from: role qsmap (password qsmap, loopback only), database
# qsmap_test owned by it, with the postgis extension. Idempotent; run as
# root (it uses su postgres) by .ci/run, the README's set-up command, and
# tests/load/test_postgis.c when it cannot connect.
set -eu
pg_ctlcluster 15 main start >/dev/null 2>&1 || true
su postgres -c "psql -X -q -v ON_ERROR_STOP=1" <<'SQL'
SET client_min_messages = warning;
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'qsmap') THEN
    CREATE ROLE qsmap LOGIN PASSWORD 'qsmap';
  END IF;
END$$;
SELECT 'CREATE DATABASE qsmap_test OWNER qsmap'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'qsmap_test')\gexec
\c qsmap_test
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
SQL
