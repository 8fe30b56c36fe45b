// Reads jest's JSON reports, fails on a missing report, a skipped/todo test or a run of no test,
// and prints the closing line CI reads: "N passed, N failed, N skipped".
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`${file}: no report (the test run did not finish)`);
    ok = false;
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(
    `${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
  if (r.numTotalTests === 0) {
    console.error(`${file}: no test ran`);
    ok = false;
  }
}
if (skipped > 0) {
  console.error('skipped or todo tests count as failures here: finish them or remove them');
  ok = false;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
