// ESLint (flat config) for the search and page scripts in theme/assets/javascripts/.
// ESLint and its presets are installed by tests/js/package.json (lock file there);
// tests/test_js_lint.py runs it and fails on any finding.
"use strict";
const path = require("path");
const { createRequire } = require("module");

const fromTests = createRequire(path.join(__dirname, "tests", "js", "package.json"));
const js = fromTests("@eslint/js");
const globals = fromTests("globals");

module.exports = [
  { ignores: ["**/node_modules/**", "site/**", "build/**", "benchmarks/**", "tests/**", "docs/**"] },
  {
    files: ["theme/assets/javascripts/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.worker, module: "readonly", require: "readonly" },
    },
    // Modern syntax throughout (issue 13): block-scoped bindings, arrow callbacks, shorthand properties.
    rules: {
      ...js.configs.recommended.rules,
      "no-var": "error",
      "prefer-const": "error",
      "prefer-arrow-callback": "error",
      "object-shorthand": "error",
      "prefer-template": "error",
      eqeqeq: ["error", "smart"],
    },
  },
];
