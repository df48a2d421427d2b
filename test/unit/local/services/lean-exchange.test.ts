import { describe, expect, it } from 'vitest';
import { type LeanListener, leanExchange, ResponseDestroyedError } from '#local/services/lean-exchange.ts';

/** A listener written as for Node's `http.createServer`: body by events, answer by writeHead/end. */
const echo: LeanListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.setHeader('X-Amz-RequestId', 'r-1');
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        target: req.headers['x-amz-target'],
        body: Buffer.concat(chunks).toString(),
      }),
    );
  });
};

describe('the lean in-process exchange', () => {
  it('hands the listener the method, url, headers and body, and returns its status, headers and body', async () => {
    const answer = await leanExchange(echo, {
      method: 'POST',
      url: '/?a=1',
      headers: { 'x-amz-target': 'Sms.Send' },
      body: Buffer.from('{"to":"+4790000000"}'),
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.statusMessage).toBe('Created');
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'x-amz-requestid': 'r-1' });
    expect(JSON.parse(answer.body.toString())).toEqual({
      method: 'POST',
      url: '/?a=1',
      target: 'Sms.Send',
      body: '{"to":"+4790000000"}',
    });
  });

  it('ends a request without a body with no data event', async () => {
    const answer = await leanExchange(echo, { method: 'GET', url: '/', headers: {} });
    expect(JSON.parse(answer.body.toString()).body).toBe('');
  });

  it('joins a body written in parts', async () => {
    const answer = await leanExchange(
      (req, res) => {
        req.on('end', () => {
          res.write('part one, ');
          res.end(Buffer.from('part two'));
        });
      },
      { method: 'POST', url: '/', headers: {} },
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.body.toString()).toBe('part one, part two');
  });

  it('fails the exchange when the listener destroys the response, as a closed connection would', async () => {
    await expect(
      leanExchange((_req, res) => res.destroy(), { method: 'POST', url: '/', headers: {} }),
    ).rejects.toBeInstanceOf(ResponseDestroyedError);
  });

  it('fails the exchange when the listener throws', async () => {
    await expect(
      leanExchange(
        () => {
          throw new Error('listener bug');
        },
        { method: 'POST', url: '/', headers: {} },
      ),
    ).rejects.toMatchObject({ cause: { message: 'listener bug' } });
  });
});
