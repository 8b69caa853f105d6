// Writes a new migration for both providers from the change in prisma/schema.prisma since
// the last migration: `node scripts/make-migration.js <name>`.
// `prisma migrate dev` needs the Rust engine; `migrate diff` between two datamodels does not.
// Each migration folder keeps the schema it was made from, so the next diff has a "from".
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writePostgresSchema } from "./prisma-generate.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/make-migration.js <snake_case_name>");
  process.exit(2);
}
const prisma = path.join(root, "node_modules", ".bin", "prisma");
const schemas = { sqlite: path.join(root, "prisma", "schema.prisma"), postgresql: writePostgresSchema() };

for (const [provider, schema] of Object.entries(schemas)) {
  const dir = path.join(root, "prisma", "migrations", provider);
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir)
    .filter((d) => /^\d{4}_/.test(d))
    .sort();
  const last = existing.at(-1);
  const from = last ? ["--from-schema-datamodel", path.join(dir, last, "schema.prisma")] : ["--from-empty"];
  const sql = execFileSync(prisma, ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
    cwd: root,
    encoding: "utf8",
  });
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log(`${provider}: no change`);
    continue;
  }
  const folder = path.join(dir, `${String(existing.length + 1).padStart(4, "0")}_${name}`);
  if (existsSync(folder)) throw new Error(`${folder} exists`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, "migration.sql"), sql);
  copyFileSync(schema, path.join(folder, "schema.prisma"));
  console.log(`${provider}: wrote ${path.relative(root, folder)}`);
}
