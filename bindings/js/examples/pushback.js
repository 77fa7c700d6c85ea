// PayWay's pushback (callback) handler for node:http, as the README shows it.
//
//   PAYWAY_MERCHANT_ID=… PAYWAY_API_KEY=… PORT=8080 node examples/pushback.js
//
// A pushback is a few hundred bytes: the handler reads at most 1 MiB of body
// whatever Content-Length says (413 past it, without waiting for the rest;
// Node's own parser answers 400 to a Content-Length that is not a number),
// checks the X-PayWay-HMAC-SHA512 header over the raw bytes, and confirms the
// payment with check_transaction before fulfilling: the header is evidence,
// not proof. bindings/js/test/pushback-example.test.js runs it.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { PayWay } from 'paysign';

const MAX_BODY = 1 << 20;

/** A node:http listener for PayWay's pushbacks; fulfil(tranId) runs once PayWay says APPROVED. */
export function pushbackHandler(payway, fulfil) {
  return (req, res) => {
    const reply = (status) => res.headersSent || res.writeHead(status, { connection: 'close' }).end();
    if (Number(req.headers['content-length']) > MAX_BODY) return reply(413);
    const chunks = [];
    let size = 0;
    req.on('error', () => reply(400));
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) return chunks.push(chunk);
      req.pause(); // read no more of it
      reply(413);
    });
    req.on('end', async () => {
      if (size > MAX_BODY) return;
      let callback;
      try {
        callback = payway.verifyCallback(Buffer.concat(chunks), req.headers['x-payway-hmac-sha512']);
      } catch {
        return reply(401); // not PayWay's (PaySignError: signature_mismatch, body_malformed, ...)
      }
      try {
        const check = await payway.send('check_transaction', { tran_id: callback.tran_id }); // the source of truth
        if (check.payment_status?.status === 'APPROVED') await fulfil(callback.tran_id);
        reply(200);
      } catch {
        reply(503); // PayWay unreachable or refusing: not fulfilled, PayWay may push it again
      }
    });
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const payway = await PayWay.fromEnv();
  const server = createServer(pushbackHandler(payway, (tranId) => console.log(`paid: ${tranId}`)));
  server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}
