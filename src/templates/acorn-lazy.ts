/**
 * @fileoverview acorn, acorn-loose and acorn-walk, loaded on first use: only scans with static
 * JavaScript or inline scripts need them, and loading them costs every other scan start-up time.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

let acorn: typeof import("acorn") | null = null;
let loose: typeof import("acorn-loose") | null = null;
let walk: typeof import("acorn-walk") | null = null;

/** The `acorn` module. */
export function acornModule(): typeof import("acorn") {
  acorn ??= require("acorn") as typeof import("acorn");
  return acorn;
}

/** The `acorn-loose` module (error-tolerant parsing). */
export function acornLooseModule(): typeof import("acorn-loose") {
  loose ??= require("acorn-loose") as typeof import("acorn-loose");
  return loose;
}

/** The `acorn-walk` module. */
export function acornWalkModule(): typeof import("acorn-walk") {
  walk ??= require("acorn-walk") as typeof import("acorn-walk");
  return walk;
}
