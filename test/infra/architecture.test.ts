import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { ClientName } from '#adapters/deps.ts';
import type { EntryPointModule } from '#handlers/common/lambda-entry.ts';
import { REPO_ROOT } from '#infra/comms-function.ts';
import { FUNCTION_IDS, FUNCTIONS, type FunctionSpec } from '#infra/functions.ts';

/** The packages each client brings into a bundle. */
const CLIENT_PACKAGES: Readonly<Record<ClientName, readonly string[]>> = {
  ddb: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  s3: ['@aws-sdk/client-s3'],
  ses: ['@aws-sdk/client-sesv2'],
  sms: ['@aws-sdk/client-pinpoint-sms-voice-v2'],
  secrets: ['@aws-sdk/client-secrets-manager'],
  eventBridge: ['@aws-sdk/client-eventbridge'],
  scheduler: ['@aws-sdk/client-scheduler'],
};

const SOURCE_FOLDERS = ['infra', 'workflows', 'functions', 'local', 'bench', 'bin'];

/** Every TypeScript source file of the app (tests excluded), relative to the repository root. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(REPO_ROOT, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(folder);
  return files;
}

// `import … from '…'`, `export … from '…'` and `import('…')`; `import type` and `export type` are erased.
const IMPORT = /(?:^|\n)\s*(import|export)(\s+type)?\s[^;]*?\sfrom\s+'([^']+)'|import\('([^']+)'\)/g;

/** The repository files a source file imports (values and types alike), relative to the root. */
function localImports(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4] ?? '';
    if (specifier.startsWith('.')) {
      found.push(relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier)));
    } else if (specifier.startsWith('#')) {
      found.push(resolveAlias(specifier));
    }
  }
  return found;
}

/** The package.json `imports` aliases (`#domain/*` → `./functions/domain/*`). */
const ALIASES = Object.entries(
  (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { imports: Record<string, string> })
    .imports,
);

/** The repository file an aliased specifier names, relative to the root. */
function resolveAlias(specifier: string): string {
  for (const [pattern, target] of ALIASES) {
    const prefix = pattern.replace(/\*$/, '');
    if (specifier.startsWith(prefix)) {
      return relative(
        REPO_ROOT,
        resolve(REPO_ROOT, target.replace(/\*$/, '') + specifier.slice(prefix.length)),
      );
    }
  }
  throw new Error(`${specifier} matches no alias of package.json imports`);
}

const layerOf = (file: string) => {
  if (file.startsWith('functions/')) return file.split('/').slice(0, 2).join('/');
  return file.split('/')[0] ?? file;
};

describe('imports run one way: infra → workflows → functions, the domain at the bottom', () => {
  const graph = sourceFiles().map((file) => ({ file, imports: localImports(file) }));
  const violations = (allowed: (from: string, to: string) => boolean) =>
    graph.flatMap(({ file, imports }) =>
      imports.filter((to) => !allowed(file, to)).map((to) => `${file} → ${to}`),
    );

  it('reads the imports of the source tree, aliases resolved', () => {
    expect(graph.length).toBeGreaterThan(100);
    expect(graph.find((node) => node.file === 'functions/handlers/decide-message.ts')?.imports).toContain(
      'functions/domain/config/markets.ts',
    );
    expect(graph.find((node) => node.file === 'infra/stille-stack.ts')?.imports).toContain(
      'infra/functions.ts',
    );
  });

  it('has nothing in functions/ or workflows/ import infra/', () => {
    expect(
      violations((from, to) => !(/^(functions|workflows)\//.test(from) && to.startsWith('infra/'))),
    ).toEqual([]);
  });

  it('has nothing in functions/ import workflows/', () => {
    expect(violations((from, to) => !(from.startsWith('functions/') && to.startsWith('workflows/')))).toEqual(
      [],
    );
  });

  it('keeps the domain pure: it imports nothing but the domain', () => {
    expect(
      violations((from, to) => layerOf(from) !== 'functions/domain' || layerOf(to) === 'functions/domain'),
    ).toEqual([]);
  });

  it('lets templates use the domain and themselves only', () => {
    expect(
      violations(
        (from, to) =>
          layerOf(from) !== 'functions/templates' ||
          ['functions/domain', 'functions/templates'].includes(layerOf(to)),
      ),
    ).toEqual([]);
  });

  it('lets adapters use the domain and themselves only', () => {
    expect(
      violations(
        (from, to) =>
          layerOf(from) !== 'functions/adapters' ||
          ['functions/domain', 'functions/adapters'].includes(layerOf(to)),
      ),
    ).toEqual([]);
  });

  it('has no entry point import another entry point', () => {
    const entries = new Set<string>(FUNCTION_IDS.map((id) => FUNCTIONS[id].entry));
    expect(violations((from, to) => !(entries.has(from) && entries.has(to)))).toEqual([]);
  });

  it('keeps functions/handlers/ for entry points, their shared parts in common/', () => {
    const entries = new Set<string>(FUNCTION_IDS.map((id) => FUNCTIONS[id].entry));
    const topLevel = graph
      .map((node) => node.file)
      .filter((file) => dirname(file) === 'functions/handlers' && !entries.has(file));
    expect(topLevel).toEqual([]);
  });
});

/** The packages in a function's bundle, bundled as CommsFunction bundles it (the credentials alias too). */
async function bundledPackages(entry: string, alias: Record<string, string>): Promise<Set<string>> {
  const result = await build({
    entryPoints: [join(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    alias,
    logLevel: 'silent',
    outfile: join(REPO_ROOT, 'cdk.out', 'architecture-test', 'index.mjs'),
  });
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return packages;
}

/** The `--alias` CommsFunction hands esbuild, as esbuild's API takes it. */
function credentialsAlias(): Record<string, string> {
  const source = readFileSync(join(REPO_ROOT, 'infra/comms-function.ts'), 'utf8');
  const chain = /CREDENTIAL_CHAIN_PACKAGE = '([^']+)'/.exec(source)?.[1];
  const replacement = /LAMBDA_CREDENTIALS_ENTRY = '([^']+)'/.exec(source)?.[1];
  if (!chain || !replacement)
    throw new Error('infra/comms-function.ts no longer names the credentials alias');
  return { [chain]: `./${replacement}` };
}

async function entryModule(entry: string): Promise<EntryPointModule> {
  return (await import(pathToFileURL(join(REPO_ROOT, entry)).href)) as EntryPointModule;
}

describe('each function bundles the SDK clients it names, and no others', () => {
  const alias = credentialsAlias();

  it.each(FUNCTION_IDS)('%s carries exactly its own clients', async (id) => {
    const { entry } = FUNCTIONS[id];
    const module = await entryModule(entry);
    const named = Object.keys(module.clients) as ClientName[];
    const packages = await bundledPackages(entry, alias);
    const clients = [...packages].filter((name) => /^@aws-sdk\/(client-|lib-)/.test(name)).sort();
    expect(clients).toEqual(named.flatMap((name) => CLIENT_PACKAGES[name]).sort());
    // The environment credentials provider replaces the default chain and its nested clients.
    expect(packages.has('@aws-sdk/credential-provider-node')).toBe(false);
    expect(packages.has('@aws-sdk/nested-clients')).toBe(false);
  });

  it('sends e-mail and SMS from DeliverMessage alone (HandleSmsReply only keeps the opt-out list, StartCampaignRun only reads the SES quota)', async () => {
    const senders: string[] = [];
    for (const id of FUNCTION_IDS) {
      const clients = Object.keys((await entryModule(FUNCTIONS[id].entry)).clients);
      if (clients.includes('ses') || clients.includes('sms')) senders.push(id);
    }
    expect(senders).toEqual(
      ['StartCampaignRun', 'DeliverMessage', 'HandleSmsReply'].sort(
        (a, b) => FUNCTION_IDS.indexOf(a as never) - FUNCTION_IDS.indexOf(b as never),
      ),
    );
    expect(FUNCTIONS.HandleSmsReply.access.sms).toBe('optOut');
    expect(FUNCTIONS.StartCampaignRun.access.email).toBe('quota');
  });

  it.each(FUNCTION_IDS)('%s is granted what each of its clients needs', async (id) => {
    const spec: FunctionSpec = FUNCTIONS[id];
    const { access } = spec;
    const clients = Object.keys((await entryModule(spec.entry)).clients) as ClientName[];
    const granted: Record<ClientName, boolean> = {
      ddb: Object.keys(access.tables ?? {}).length > 0,
      s3: access.runsBucket !== undefined && access.runsBucket !== 'name',
      ses: access.email === 'send' || access.email === 'quota',
      sms: access.sms === 'send' || access.sms === 'optOut',
      secrets: access.linkSecret === 'read',
      eventBridge: access.eventBus === 'put',
      scheduler: 'schedules' in access && access.schedules === 'manage',
    };
    expect(clients.filter((client) => !granted[client])).toEqual([]);
  });
});
