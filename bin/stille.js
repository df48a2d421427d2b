#!/usr/bin/env node
// The `stille` command. Node 24 runs the TypeScript sources as they are (type stripping), so the
// launcher checks the version before it imports any of them.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `stille needs Node.js 24 or newer, and this is Node.js ${process.versions.node}.\n` +
      'Run it through npm, which brings the project’s own Node 24: `npm start`, `npx stille simulate FILE`,\n' +
      'or install Node.js 24.\n',
  );
  process.exit(1);
}

const { main } = await import('../local/cli/main.ts');
const status = await main(process.argv.slice(2));
// Exit once stdout is flushed: a local service the runtime left listening must not keep stille alive.
process.stdout.write('', () => process.exit(status));
