// The shop's endpoint for PayWay's pushbacks (the URL given as return_url),
// a node:http listener. A pushback is a few hundred bytes: it reads at most
// 1 MiB of body whatever Content-Length says (413 past it, without waiting
// for the rest), checks the X-PayWay-HMAC-SHA512 header over the raw bytes,
// and confirms the payment with check_transaction before fulfilling: the
// header is evidence, not proof.
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
