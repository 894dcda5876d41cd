/**
 * @fileoverview Reads an evaluated setting as a switch: `True`/`1` is on; an environment read is
 * "on when the variable is unset" when its evaluated fallback is truthy (`os.getenv("DEBUG", "1")
 * == "1"`, `os.environ.get("FLASK_DEBUG", True)`), which is the insecure-default pattern.
 */
import { truthy, type Value } from "../../semantic/evaluate.js";

/** `on` (literally enabled), `fallback` (enabled when an environment variable is unset) or null. */
export function switchState(value: Value): { state: "on" } | { state: "fallback"; variable: string } | null {
  if (value.kind === "bool" || value.kind === "number") return truthy(value) ? { state: "on" } : null;
  if (value.kind === "env" && value.fallback) {
    const fb = value.fallback;
    // A string fallback such as "False" is truthy in Python but only used as text; count real switches.
    const on = fb.kind === "bool" || fb.kind === "number" ? truthy(fb) : fb.kind === "str" ? /^(1|true|yes|on)$/i.test(fb.value.trim()) : false;
    return on ? { state: "fallback", variable: value.variable ?? "the environment variable" } : null;
  }
  return null;
}
