// The README's pushback handler (docs/snippets/js/shop.mjs, shown whole in
// the top-level README and in "Callbacks") against what a hostile client sends: whatever
// Content-Length says (absent, -1, "abc", huge, or a body that never ends),
// at most 1 MiB is read and the answer is a clean 400, 401 or 413, never a
// 500 or a traceback; a real pushback is verified, confirmed with
// check_transaction and fulfilled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { PayWay } from '../src/index.js';
import { pushbackHandler } from '../../../docs/snippets/js/shop.mjs';

const apiKey = 'TEST_ONLY_pushback_example_key';
const checkAnswer = '{"data":{"payment_status_code":0,"payment_status":"APPROVED"},"status":{"code":"00","message":"Success!"}}';
let checks = 0;
const payway = await PayWay.load({ merchantId: 'ec000002', apiKey, baseUrl: 'http://127.0.0.1:9',
  fetch: async () => { checks++; return new Response(checkAnswer, { status: 200, headers: { 'content-type': 'application/json' } }); } });
const fulfilled = [];
let server;
let port;

before(async () => {
  server = createServer(pushbackHandler(payway, (tranId) => fulfilled.push(tranId)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});
after(() => new Promise((resolve) => server.close(resolve)));

/** Writes head (and body chunks) on a raw connection; resolves with the status line's code once one arrives (a status line, no traceback). */
function raw(head, body = []) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (b) => {
      answer += b.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', (err) => (answer ? resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])) : reject(err)));
    socket.write(head);
    for (const chunk of body) socket.write(chunk);
  });
}

const post = (headers) => `POST /payway/pushback HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

test('a real pushback: verified, confirmed with check_transaction, fulfilled', async () => {
  const { body, signature } = payway.signCallback({ tran_id: 'ORDER-7', apv: '123456', status: '0' });
  const sent = await fetch(`http://127.0.0.1:${port}/payway/pushback`, { method: 'POST', headers: { 'x-payway-hmac-sha512': signature }, body });
  assert.equal(sent.status, 200);
  assert.deepEqual([fulfilled, checks], [['ORDER-7'], 1]);
  const forged = await fetch(`http://127.0.0.1:${port}/payway/pushback`, { method: 'POST', headers: { 'x-payway-hmac-sha512': signature }, body: body.replace('ORDER-7', 'ORDER-8') });
  assert.equal(forged.status, 401);
  assert.deepEqual([fulfilled, checks], [['ORDER-7'], 1], 'a forged one is neither checked nor fulfilled');
});

test('Content-Length absent, -1, "abc", huge, or a body that never ends: 400 or 413, at most 1 MiB read', async () => {
  assert.equal(await raw(post(['Content-Length: abc'])), 400);
  assert.equal(await raw(post(['Content-Length: -1'])), 400);
  assert.equal(await raw(post(['Content-Length: 99999999999999'])), 413, 'refused before reading');
  const MiB = 1 << 20;
  const chunk = Buffer.alloc(64 << 10, 0x61);
  const chunked = (n) => Array.from({ length: n }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
  // No Content-Length, a chunked body of 1 MiB + 64 KiB that never ends: 413 without waiting for the end.
  assert.equal(await raw(post(['Transfer-Encoding: chunked']), chunked(MiB / chunk.length + 1)), 413);
  assert.equal(await raw(post(['Content-Length: 0'])), 401, 'an empty body is not PayWay\'s');
  assert.deepEqual(fulfilled, ['ORDER-7']);
});
