import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type InProcessMode, registerInProcess, unregisterInProcess } from './in-process.ts';

/** The host every local service binds to: never reachable from other machines. */
export const LOCAL_HOST = '127.0.0.1';

/**
 * Starts `server` on an ephemeral port of 127.0.0.1 and resolves with its `http://` endpoint; `mode` is
 * how the in-process transport calls its listener (in-process.ts).
 */
export function listenOnEphemeralPort(server: Server, mode: InProcessMode = 'inject'): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(0, LOCAL_HOST, () => {
      server.off('error', onError);
      resolve(serveInProcess(server, mode));
    });
  });
}

/**
 * Makes a listening server reachable by the in-process transport too (in-process.ts), under its own
 * endpoint; returns the endpoint. Every local service does this (listenOnEphemeralPort does it for them).
 */
export function serveInProcess(server: Server, mode: InProcessMode = 'inject'): string {
  const endpoint = endpointOf(server);
  registerInProcess(endpoint, (req, res) => server.emit('request', req, res), mode);
  return endpoint;
}

/** The `http://127.0.0.1:<port>` endpoint of a listening server. */
export function endpointOf(server: Server): string {
  const address = server.address() as AddressInfo | null;
  if (address === null || typeof address === 'string') {
    throw new Error('the server is not listening on a TCP port');
  }
  return `http://${LOCAL_HOST}:${address.port}`;
}

/**
 * Stops a server and drops its open connections, so that keep-alive sockets of SDK clients cannot keep
 * it (and the process) alive. Resolves once the server has closed; closing a closed server is a no-op.
 */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  unregisterInProcess(endpointOf(server));
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
