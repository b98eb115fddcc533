#!/usr/bin/env node
// The `registry-desk` command. A tiny JavaScript shim: the command itself is TypeScript, run by
// Node 22's type stripping (npm puts node_modules/.bin, with Node 22, first on the PATH).
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
});
const { main } = await import('./main.ts');
const code = await main(process.argv);
process.stdout.write('', () => process.exit(code));
