#!/usr/bin/env bash
# Prints the SQL that takes a database from one schema to another, as `prisma migrate dev` would
# write it: diff.sh OLD_SCHEMA|--empty NEW_SCHEMA. See packages/db/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prisma 6 wants the datasource URL in the schema; Prisma 7 schemas keep it in prisma.config.ts.
with_url() { sed 's/^\(\s*provider\s*=\s*"postgresql"\)/\1\n  url = env("DATABASE_URL")/' "$1"; }

from=(--from-empty)
if [ "$1" != "--empty" ]; then
  with_url "$1" > "$work/old.prisma"
  from=(--from-schema-datamodel "$work/old.prisma")
fi
with_url "$2" > "$work/new.prisma"
cp "$here/prisma.config.ts" "$work/"
cp "$work/new.prisma" "$work/schema.prisma"
ln -s "$here/node_modules" "$work/node_modules"

cd "$work"
# The js engine opens a connection even for a pure datamodel diff; any existing database will do.
export DATABASE_URL="${SQL_DIFF_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false \
  ./node_modules/.bin/prisma migrate diff "${from[@]}" --to-schema-datamodel "$work/new.prisma" --script
