// Runs ESLint with the workspace's config in a process of its own (jest cannot import the ESM
// config) and prints JSON: the boundary errors of source texts, or the rules a file gets.
// Type information is off and only the boundary rules run, so a probe takes seconds.
import { ESLint } from 'eslint';

const BOUNDARY_RULES = ['@nx/enforce-module-boundaries', 'no-restricted-imports', 'no-restricted-syntax'];
const { cwd, texts = [], configFor = [] } = JSON.parse(process.argv[2]);
const eslint = new ESLint({
  cwd,
  overrideConfigFile: 'tools/eslint/eslint.config.mjs',
  overrideConfig: [{ languageOptions: { parserOptions: { projectService: false } } }],
  ruleFilter: ({ ruleId }) => BOUNDARY_RULES.includes(ruleId),
});
const linted = [];
for (const { filePath, code } of texts) {
  const [result] = await eslint.lintText(code, { filePath });
  linted.push({ filePath, errors: result.messages.map(({ line, ruleId, message }) => ({ line, ruleId, message })) });
}
const configs = [];
for (const filePath of configFor) configs.push({ filePath, rules: (await eslint.calculateConfigForFile(filePath)).rules });
console.log(JSON.stringify({ linted, configs }));
