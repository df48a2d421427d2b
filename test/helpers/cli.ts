import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `stille` command line, as installed. */
export const CLI = fileURLToPath(new URL('../../bin/stille.js', import.meta.url));

/** What a run of the command printed and how it exited. */
export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `stille` as a child process, on the Node that runs the tests (24, from npm). */
export function stille(args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
