// Where a JavaScript send's extra cost goes, the same script in Node, Deno
// and Bun: check_transaction sent to a `paysign mock` it starts itself, four
// ways in one process, interleaved round by round, CPU (user + system) and
// wall time per send:
//
//   hand-written  node:crypto HMAC + JSON body + fetch, answer parsed (hand-written.mjs, send.mjs's client)
//   transport     the binding's own attempt() (src/send.js) with a request signed once: no module call
//   sign+send     the same with payway.sign(output "send") for every send: one module call
//   send()        PayWay.send: sign, attempt, payway.send_step: two module calls
//
// transport against hand-written is the cost of the binding's JavaScript
// around fetch (deadline, abort, bounded read, base64 of the answer);
// sign+send and send() add one module call each, as they run in a send loop:
// right after the wait for an answer (bench/README.md "What a send costs").
// Then one payway.sign timed alone (wall, median of 400) after nothing,
// a 1 ms busy wait, a 1 ms idle wait and one transport attempt.
//
//   node bench/js/send-parts.mjs [ROUNDS]     (deno run -A ...; bun ...)   needs build/paysign and bindings/js/dist
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import process from 'node:process';
import { handWritten } from './hand-written.mjs';

const rounds = Number((typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args)[0] ?? 7);
const runtime = typeof Deno !== 'undefined' ? 'deno' : typeof Bun !== 'undefined' ? 'bun' : 'node';
const repo = new URL('../../', import.meta.url);
const { PayWay } = await import(new URL('bindings/js/dist/paysign.js', repo).href);
const { attempt } = await import(new URL('bindings/js/src/send.js', repo).href);

// The mock's banner: its URL, then the TEST-ONLY credentials it accepts.
const mock = spawn(new URL('build/paysign', repo).pathname, ['mock', '--listen', '127.0.0.1:0', '--quiet', '--exit-on-stdin-close'],
  { stdio: ['pipe', 'pipe', 'inherit'] });
const banner = [];
for await (const line of createInterface({ input: mock.stdout })) {
  banner.push(line);
  if (banner.length === 2) break;
}
const url = /listening on (\S+)/.exec(banner[0])[1];
const merchantId = /merchant_id=(\S+)/.exec(banner[1])[1];
const apiKey = /api_key=(\S+)/.exec(banner[1])[1];
const tranId = 'ORDER-1001'; // an approved purchase among the mock's fixtures

const payway = await PayWay.load({ merchantId, apiKey, baseUrl: url });
const policy = { timeout_ms: 30000, max_answer_bytes: 655360 }; // send()'s defaults
const signed = () => ({ ...payway.sign('check_transaction', { tran_id: tranId }, { output: 'send' }), policy });
const once = signed();
const approved = (outcome) => {
  const answer = JSON.parse(Buffer.from(outcome.body_base64 ?? '', 'base64').toString());
  if (outcome.http_status !== 200 || answer.status?.code !== '00') throw new Error(`not approved: ${JSON.stringify(outcome)}`);
};
const ways = {
  'hand-written': handWritten({ url, merchant_id: merchantId, api_key: apiKey, tran_id: tranId }).send,
  transport: async () => approved((await attempt(fetch, once)).outcome),
  'sign+send': async () => approved((await attempt(fetch, signed())).outcome),
  'send()': async () => {
    await payway.send('check_transaction', { tran_id: tranId });
  },
};

try {
  for (const send of Object.values(ways)) for (let i = 0; i < 500; i++) await send(); // connections opened, code tiered up
  const per = Object.fromEntries(Object.keys(ways).map((name) => [name, { cpu: [], wall: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, send] of Object.entries(ways)) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < 100; i++) await send();
      per[name].wall.push((performance.now() - start) * 10); // µs per send
      const used = process.cpuUsage(cpu);
      per[name].cpu.push((used.user + used.system) / 100);
    }
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const base = median(per['hand-written'].cpu);
  console.log(`${runtime}: CPU µs per send (median of ${rounds} rounds of 100; + over hand-written), wall µs`);
  for (const [name, { cpu, wall }] of Object.entries(per)) {
    const c = median(cpu);
    console.log(`  ${name.padEnd(13)} cpu ${c.toFixed(0).padStart(5)} (${(c - base >= 0 ? '+' : '') + (c - base).toFixed(0)})  wall ${median(wall).toFixed(0).padStart(5)}`);
  }

  const spin = (ms) => {
    for (const end = performance.now() + ms; performance.now() < end;);
  };
  const before = {
    'nothing': () => {},
    '1 ms busy': () => spin(1),
    '1 ms idle': () => new Promise((resolve) => setTimeout(resolve, 1)),
    'an attempt': () => attempt(fetch, once),
  };
  const alone = [];
  for (const [name, wait] of Object.entries(before)) {
    const took = [];
    for (let i = 0; i < 400; i++) {
      await wait();
      const start = performance.now();
      signed();
      took.push((performance.now() - start) * 1000);
    }
    alone.push(`${name} ${median(took).toFixed(1)}`);
  }
  console.log(`  one payway.sign after ... (wall µs, median of 400): ${alone.join(', ')}`);
} finally {
  mock.stdin.end();
}
