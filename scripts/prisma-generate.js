// Generates both Prisma clients from the one schema: SQLite (the default engine) and
// PostgreSQL (scale-out). Only the datasource provider differs, so the PostgreSQL schema
// is derived here rather than kept by hand. Run by `npm install` (postinstall).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const pgSchema = path.join(root, "prisma", "generated", "postgresql.prisma");

export function postgresSchemaText(text) {
  return text
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://postgres@127.0.0.1:5432/valuestack"')
    .replace('output     = "../app/generated/prisma/sqlite"', 'output     = "../../app/generated/prisma/postgresql"');
}

export function writePostgresSchema() {
  mkdirSync(path.dirname(pgSchema), { recursive: true });
  writeFileSync(pgSchema, postgresSchemaText(readFileSync(sqliteSchema, "utf8")));
  return pgSchema;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writePostgresSchema();
  const prisma = path.join(root, "node_modules", ".bin", "prisma");
  for (const schema of [sqliteSchema, pgSchema]) {
    execFileSync(prisma, ["generate", "--schema", schema], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  }
}
