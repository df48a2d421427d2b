import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStilleApp } from '#infra/stille-app.ts';

const outdir = mkdtempSync(join(tmpdir(), 'stille-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('function bundling (esbuild, for real)', () => {
  it('bundles IngestEvent into one self-contained, minified ESM file with a source map', () => {
    const { app, stack } = buildStilleApp({ nag: false, outdir });
    const assembly = app.synth();
    const asset = stack.functions.IngestEvent.function.node.findChild('Code') as Asset;
    const dir = join(assembly.directory, asset.assetPath);

    const bundlePath = join(dir, 'index.mjs');
    expect(existsSync(bundlePath)).toBe(true);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    const bundle = readFileSync(bundlePath, 'utf8');
    // The banner gives bundled CommonJS dependencies a require() inside the ES module.
    expect(bundle.startsWith("import { createRequire as __stilleCreateRequire } from 'node:module';")).toBe(
      true,
    );
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(bundle).not.toMatch(/\bmodule\.exports\s*=/);
    // Minified: long lines (the few line breaks left are inside template literals).
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);

    // Loading it on its own (no node_modules beside it) proves nothing was left external.
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(bundlePath).href)}); console.log(typeof m.handler);`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(loaded.trim()).toBe('function');
  }, 90_000);
});
