/**
 * @fileoverview Recognises code under `if __name__ == "__main__":`, which only runs when the file is
 * executed directly (typically the development server), not when a WSGI server imports it.
 */
import type { Expr, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";

/** Whether `test` is `__name__ == "__main__"` (either operand order). */
export function isMainGuardTest(test: Expr): boolean {
  if (test.type !== "Compare" || test.ops.length !== 1 || test.ops[0] !== "Eq") return false;
  const [a, b] = [test.left, test.comparators[0]!];
  const isName = (e: Expr): boolean => e.type === "Name" && e.id === "__name__";
  const isMain = (e: Expr): boolean => stringLiteral(e)?.value === "__main__";
  return (isName(a) && isMain(b)) || (isMain(a) && isName(b));
}

/** Whether any of `ancestors` is the body of an `if __name__ == "__main__":` block. */
export function isUnderMainGuard(ancestors: readonly Node[]): boolean {
  return ancestors.some((n) => n.type === "If" && isMainGuardTest(n.test));
}
