/**
 * @fileoverview Recognises obviously-test code, where debug settings and dummy secrets are expected:
 * test files by path (`tests/`, `test_*.py`, `*_test.py`, `conftest.py`) and test functions, test
 * classes and pytest fixtures by name.
 */
import type { Node } from "../../python/ast.js";
import type { SemanticModel } from "../../semantic/model.js";

const TEST_DIRS = new Set(["test", "tests", "testing"]);

/**
 * Whether a POSIX project path is a test file: `tests/test_app.py`, `app/test_views.py`,
 * `views_test.py`, `conftest.py` are; `app/contest.py` is not.
 */
export function isTestPath(path: string): boolean {
  const parts = path.split("/");
  const base = parts[parts.length - 1] ?? "";
  if (parts.slice(0, -1).some((p) => TEST_DIRS.has(p.toLowerCase()))) return true;
  return /^test_.*\.py$/i.test(base) || /_tests?\.py$/i.test(base) || base === "conftest.py" || base === "tests.py";
}

/**
 * Whether the innermost enclosing function or class (per `ancestors`) is test code: a function
 * named `test_*`, a class named `Test*`, or a function decorated with `pytest.fixture`.
 */
export function isInTestCode(ancestors: readonly Node[], model: SemanticModel): boolean {
  for (const node of ancestors) {
    if (node.type === "FunctionDef" || node.type === "AsyncFunctionDef") {
      if (/^test_?/i.test(node.name)) return true;
      for (const d of node.decorator_list) {
        const target = d.type === "Call" ? d.func : d;
        const q = model.resolveQualifiedName(target);
        if (q === "pytest.fixture" || q === "pytest.yield_fixture") return true;
      }
    } else if (node.type === "ClassDef" && /^Test/.test(node.name)) {
      return true;
    }
  }
  return false;
}
