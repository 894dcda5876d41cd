import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { LspClient } from "./client.js";
const dir = process.argv[2]!;
const file = process.argv[3]!;
const c = LspClient.start(dir);
const t0 = performance.now();
await c.initialize(dir);
console.log("initialize answered", Math.round(performance.now() - t0), "ms");
await c.waitUntil(() => c.logs.some((l) => l.includes("analysed")), "first analysis");
console.log("first analysis done", Math.round(performance.now() - t0), "ms;", c.logs.filter(l=>l.includes("analysed")).join(" | "));
const uri = pathToFileURL(`${dir}/${file}`).href;
await c.open(uri, readFileSync(`${dir}/${file}`, "utf8"));
for (let i = 0; i < 3; i++) {
  const before = c.logs.length;
  const t1 = performance.now();
  await c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "#\n" }]);
  // while analysing, a request must be answered quickly
  await new Promise((r) => setTimeout(r, 320));
  const t2 = performance.now();
  await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
  const rt = Math.round(performance.now() - t2);
  await c.waitUntil(() => c.logs.slice(before).some((l) => l.includes("analysed")), "re-analysis");
  console.log(`edit ${i}: re-analysis published after ${Math.round(performance.now() - t1)} ms (incl. 300 ms debounce); request during analysis answered in ${rt} ms;`, c.logs.slice(before).filter(l=>l.includes("analysed")).join(" | "));
}
console.log("exit", await c.stop());
