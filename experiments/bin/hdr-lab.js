#!/usr/bin/env node
let main;
try {
  ({ main } = await import('../dist/index.js'));
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('hdr-lab: the packages are not built; run `npm ci` (or `npm run build`) in the repository root\n');
    process.exit(1);
  }
  throw error;
}
// Output piped into a reader that stops early (`hdr-lab metrics --list | head`) is not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
