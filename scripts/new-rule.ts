/**
 * @fileoverview Scaffolds a new rule (Ruff's add_rule.py, Biome's new-lintrule): picks the next free
 * code in the category's family (or takes `--code`), writes `src/rules/<category>/<name>.ts`,
 * `docs/rules/<code>.md` and a starter fixture, and registers the rule in its family's
 * `src/rules/<category>/index.ts`, keeping it sorted. New rules start in `preview`.
 *
 * Usage: npx tsx scripts/new-rule.ts --name csrf-protection-disabled --category csrf [--code FG301]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category } from "../src/core/types.js";
import { CATEGORY_CODE_PREFIX, rules } from "../src/rules/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string): never {
  console.error(`new-rule: ${message}`);
  process.exit(2);
}

/** The next unused code of a family: FG2 with FG201 taken → FG202. */
export function nextCode(prefix: string, taken: readonly string[]): string {
  for (let n = 1; n <= 99; n++) {
    const code = `${prefix}${String(n).padStart(2, "0")}`;
    if (!taken.includes(code)) return code;
  }
  throw new Error(`family ${prefix}xx is full`);
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function main(): void {
  const name = arg("name") ?? fail("--name is required (kebab-case, named for the flagged pattern)");
  const category = (arg("category") ?? fail(`--category is required (${CATEGORIES.join(", ")})`)) as Category;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name)) fail(`name "${name}" must be kebab-case with at least two words`);
  if (!CATEGORIES.includes(category)) fail(`unknown category "${category}"`);
  if (rules.some((r) => r.meta.name === name)) fail(`a rule named "${name}" exists`);
  const taken = rules.map((r) => r.meta.code);
  const code = arg("code") ?? nextCode(CATEGORY_CODE_PREFIX[category], taken);
  if (!/^FG\d{3}$/.test(code)) fail(`code "${code}" must look like FG301`);
  if (taken.includes(code)) fail(`code ${code} is taken`);

  const ruleFile = join(ROOT, "src", "rules", category, `${name}.ts`);
  const docFile = join(ROOT, "docs", "rules", `${code}.md`);
  const fixtureDir = join(ROOT, "tests", "fixtures", "rules", `${code}-${name}`);
  for (const f of [ruleFile, docFile, fixtureDir]) if (existsSync(f)) fail(`${f} exists`);

  mkdirSync(dirname(ruleFile), { recursive: true });
  writeFileSync(
    ruleFile,
    `/**
 * @fileoverview ${code} ${name}: TODO one paragraph on the pattern this rule flags.
 */
import { createRule } from "../create-rule.js";

export default createRule({
  meta: {
    code: "${code}",
    name: "${name}",
    category: "${category}",
    severity: "medium",
    confidence: "medium",
    summary: "TODO one-line summary",
    cwe: [],
    fixable: "none",
    status: "preview",
    // Test code may be lax: the engine drops this rule's findings there and skips test-only analyses.
    skipsTestFiles: true,
    // Optional: words without which the rule cannot report (case-insensitive), e.g. ["secret"];
    // the engine then skips it on the many files of a large scan that name none of them.
    references: [],
    requires: { modules: ["flask"] },
    messages: {
      found: "TODO what is wrong and why it matters",
    },
    help: "TODO how to fix it",
    defaultOptions: {},
    optionSpecs: {},
  },

  create(ctx) {
    return {
      Call(node) {
        // TODO: guard chain (Ruff style): cheap checks first, then semantic resolution.
        void ctx;
        void node;
      },
    };
  },
});
`,
  );

  mkdirSync(dirname(docFile), { recursive: true });
  writeFileSync(
    docFile,
    `# ${code} ${name}

## What it does

TODO

## Why is this bad?

TODO

## Example

\`\`\`python
from flask import Flask

app = Flask(__name__)
\`\`\`

## Use instead

\`\`\`python
from flask import Flask

app = Flask(__name__)
\`\`\`

## References

- TODO
`,
  );

  mkdirSync(fixtureDir, { recursive: true });
  writeFileSync(
    join(fixtureDir, "basic.py"),
    `from flask import Flask

app = Flask(__name__)

# TODO: add cases; annotate each with an expect or ok comment naming ${code} (see tests/core/fixture-harness.ts)
`,
  );

  // Register: import line (sorted by path) and array entry (sorted by code).
  // Register in the family's index (src/rules/<category>/index.ts), keeping it sorted by code.
  const indexFile = join(ROOT, "src", "rules", category, "index.ts");
  let index = readFileSync(indexFile, "utf8");
  const importLine = `import ${camel(name)} from "./${name}.js";`;
  const typeImport = 'import type { Rule } from "../types.js";';
  index = index.replace(typeImport, `${importLine}\n${typeImport}`);
  const arrayRe = /export const family: readonly Rule\[\] = \[\n?([\s\S]*?)\];/;
  const m = arrayRe.exec(index) ?? fail(`cannot find the family array in src/rules/${category}/index.ts`);
  const entries = m[1]!.split("\n").filter((l) => l.trim().length > 0);
  entries.push(`  ${camel(name)}, // ${code}`);
  entries.sort((a, b) => {
    const ca = /\/\/ (FG\d{3})/.exec(a)?.[1] ?? "";
    const cb = /\/\/ (FG\d{3})/.exec(b)?.[1] ?? "";
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  });
  index = index.replace(arrayRe, `export const family: readonly Rule[] = [\n${entries.join("\n")}\n];`);
  writeFileSync(indexFile, index);

  console.log(`created ${code} ${name}:
  src/rules/${category}/${name}.ts
  docs/rules/${code}.md
  tests/fixtures/rules/${code}-${name}/basic.py
and registered it in src/rules/${category}/index.ts. Fill in the TODOs; tests/meta.test.ts tells you what is missing.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
