// The "Wrong Hash" doctor's logic: no DOM, no network. It reads what an
// integrator sent (JSON body, form fields or a curl command), asks paysign
// for the request PayWay expects, and explains the first difference.
// The HMAC of a guessed input uses WebCrypto only to find out what the
// integrator hashed; what PayWay expects comes from paysign.

/**
 * Reads the fields an integrator sent, in the order they sent them.
 * @param {string} text a JSON object, form fields (a=1&b=2 or one name=value / name: value per line), or a curl command
 * @returns {{format: 'json'|'form'|'curl', fields: Array<[string, string]>}}
 */
export function parseSent(text) {
  const trimmed = text.trim();
  if (/^curl\s/.test(trimmed)) return { format: 'curl', fields: parseCurl(trimmed) };
  const body = trimmed.split(/\r?\n/).filter((line) => !URL_LINE.test(line)).join('\n').trim();
  if (body.startsWith('{')) return { format: 'json', fields: jsonFields(body) };
  const fields = [];
  for (const line of body.split(/\r?\n/)) {
    if (!line.trim()) continue;
    if (line.includes('&') || (!line.includes(': ') && line.includes('='))) fields.push(...formFields(line.trim()));
    else {
      const at = line.indexOf(':');
      if (at < 0) throw new Error(`cannot read the line "${line.trim().slice(0, 40)}": expected name=value`);
      fields.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return { format: 'form', fields };
}

// A request line ("POST https://…/refund") or a bare URL on a line of its own.
const URL_LINE = /^\s*(?:(?:GET|POST|PUT)\s+)?https?:\/\/\S+\s*$/i;

/**
 * The URL of the request in what the integrator pasted: a curl command's
 * URL, or a line such as "POST https://…/refund" or the bare URL.
 * @param {string} text
 * @returns {string} the URL, or "" if there is none
 */
export function requestURL(text) {
  const trimmed = text.trim();
  if (/^curl\s/.test(trimmed)) {
    let words;
    try {
      words = shellWords(trimmed);
    } catch {
      return '';
    }
    return words.find((w) => /^https?:\/\//i.test(w)) ?? '';
  }
  const line = trimmed.split(/\r?\n/).find((l) => URL_LINE.test(l));
  return line ? line.trim().split(/\s+/).at(-1) : '';
}

/**
 * The catalogue operation a URL is for, by Go's payway.OperationFor rule:
 * purchase and subscription share a path, and the first operation given a
 * field none of the others takes is chosen (a subscription sends ctid,
 * token_flag and frequency), else the first in catalogue order.
 * @param {{operations: Array<{name: string, path: string, params: Array<{name: string}>}>}} catalog
 * @param {string} url
 * @param {Array<[string, string]>} fields
 * @returns {object|null} the operation's catalogue entry, or null
 */
export function operationFor(catalog, url, fields) {
  let path;
  try {
    path = new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
  const candidates = catalog.operations.filter((op) => path.endsWith(op.path));
  if (candidates.length <= 1) return candidates[0] ?? null;
  const given = new Set(fields.filter(([, v]) => v !== '').map(([n]) => n));
  const takenByOthers = (op, name) => candidates.some((other) => other !== op && other.params.some((p) => p.name === name));
  return candidates.find((op) => op.params.some((p) => given.has(p.name) && !takenByOthers(op, p.name))) ?? candidates[0];
}

function jsonFields(text) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new Error(`the JSON body does not parse: ${err.message}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('the JSON body must be an object');
  return Object.entries(obj).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
}

function formFields(text) {
  return text.split('&').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}

function parseCurl(command) {
  const words = shellWords(command);
  const fields = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const value = () => words[++i] ?? '';
    if (w === '-F' || w === '--form' || w === '--form-string') {
      const v = value();
      const at = v.indexOf('=');
      fields.push([v.slice(0, at), v.slice(at + 1)]);
    } else if (/^(-d|--data|--data-raw|--data-binary|--data-ascii)$/.test(w)) {
      const v = value();
      fields.push(...(v.trim().startsWith('{') ? jsonFields(v) : formFields(v)));
    } else if (w === '--data-urlencode') {
      const v = value();
      const at = v.indexOf('=');
      fields.push(at < 0 ? [v, ''] : [v.slice(0, at), v.slice(at + 1)]);
    } else if (/^(-H|--header|-X|--request|-u|--user|-o|--output|-A|--user-agent|-e|--referer|--url)$/.test(w)) {
      i++; // option with a value we do not need
    }
  }
  return fields;
}

// shellWords splits a POSIX-shell command line (quotes, backslashes, line continuations).
function shellWords(text) {
  const words = [];
  let word = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') { i++; continue; }
    if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; continue; }
    word ??= '';
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote in the curl command');
      word += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && '"\\$`\n'.includes(text[i + 1])) i++;
        word += text[i];
      }
      if (i >= text.length) throw new Error('unterminated double quote in the curl command');
    } else if (c === '\\') {
      word += text[++i] ?? '';
    } else {
      word += c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * Compares what was sent with what PayWay expects.
 * @param {object} args
 * @param {import('../src/index.js').PaySign} args.paysign
 * @param {object} [args.operation] the operation's entry of payway.catalog; when absent it is read from
 *   the URL in sentText (a curl command or a "POST https://…" line)
 * @param {object} [args.catalog] payway.catalog, needed when operation is absent
 * @param {string} args.sentText what the integrator sent
 * @param {string} args.apiKey
 * @param {string} [args.theirHashInput] the string they HMAC'd, if they know it
 */
export async function diagnose({ paysign, operation, catalog, sentText, apiKey, theirHashInput = '' }) {
  const { format, fields: sent } = parseSent(sentText);
  const url = requestURL(sentText);
  const op = operation ?? (catalog && url ? operationFor(catalog, url, sent) : null);
  if (!op) {
    throw new Error(url ? `no PayWay operation has the path of ${url}: choose the operation` : 'choose the operation, or paste the URL or the whole curl command with what you sent');
  }
  const sentMap = new Map(sent);
  const findings = [];
  const add = (kind, title, detail, field = '') => findings.push({ kind, title, detail, field });

  // --- what PayWay expects, from paysign -------------------------------
  const time = sentMap.get(op.time_field) ?? '';
  const canonicalTime = op.time_field ? toPayWayTime(time) : '';
  if (op.time_field && time !== canonicalTime) {
    add('time', `Time format of ${op.time_field}`,
      time === '' ? `${op.time_field} is missing; PayWay wants the UTC time as YYYYMMDDHHmmss, e.g. ${nowPayWayTime()}.`
        : `You sent "${time}"; PayWay wants the UTC time as YYYYMMDDHHmmss (14 digits, no separators, no time zone)${canonicalTime ? `, i.e. "${canonicalTime}"` : ''}.`,
      op.time_field);
  }
  let expectedFields; // [[name, value]] as PayWay expects them
  let signError = null;
  if (op.encrypted_field) {
    // The encrypted field cannot be rebuilt without PayWay's private key: take it as sent.
    expectedFields = sent.map(([n, v]) => [n, n === op.time_field && canonicalTime ? canonicalTime : v]);
  } else {
    try {
      const signed = paysign.call('payway.sign', {
        operation: op.name,
        credentials: { merchant_id: sentMap.get('merchant_id') ?? '', api_key: apiKey },
        params: paramsFromSent(op, sentMap),
        request_time: canonicalTime || undefined,
      });
      expectedFields = signed.fields;
    } catch (err) {
      signError = err;
      add('validation', `paysign rejects these values (${err.code})`, `${err.message}${err.field ? ` [${err.field}]` : ''}`, err.field ?? '');
      expectedFields = sent;
    }
  }
  const expectedMap = new Map(expectedFields);
  const encode = op.hash_encoding === 'hex' ? toHex : toBase64;
  // The expected hash comes from the core, like every signature paysign makes.
  const { hash_input: expectedInput, hash: expectedHash } = paysign.call('payway.hash', {
    operation: op.name, credentials: { api_key: apiKey }, fields: Object.fromEntries(expectedMap),
  });
  const expectedSegments = segments(op.hash_fields.filter((n) => expectedMap.has(n)), expectedMap);

  // --- what they hashed ------------------------------------------------
  const theirHash = sentMap.get('hash') ?? '';
  if (!theirHash) add('missing', 'No hash field', 'What you sent has no "hash" field, so there is nothing to compare.', 'hash');
  const sentHashed = sent.filter(([n]) => op.hash_fields.includes(n));
  const hypotheses = [
    ['pasted', theirHashInput, null],
    ['expected', expectedInput, expectedSegments],
    ['sent values, PayWay order', op.hash_fields.filter((n) => sentMap.has(n)).map((n) => sentMap.get(n)).join(''), segments(op.hash_fields.filter((n) => sentMap.has(n)), sentMap)],
    ['sent order', sentHashed.map(([, v]) => v).join(''), segments(sentHashed.map(([n]) => n), sentMap)],
  ];
  let theirs = { input: '', how: 'unknown', segments: null, encoding: op.hash_encoding };
  for (const [how, input, segs] of hypotheses) {
    if (how === 'pasted' && !input) continue;
    const mac = await hmacSHA512(apiKey, input);
    for (const [encoding, enc] of [[op.hash_encoding, encode], [op.hash_encoding === 'hex' ? 'base64' : 'hex', op.hash_encoding === 'hex' ? toBase64 : toHex]]) {
      if (theirHash && (enc(mac) === theirHash || enc(mac).toLowerCase() === theirHash)) {
        theirs = { input, how, segments: segs, encoding };
        break;
      }
    }
    if (theirs.how !== 'unknown') break;
    if (how === 'pasted') theirs = { input, how: 'pasted (does not produce your hash with this API key)', segments: null, encoding: op.hash_encoding };
  }

  // --- explanations ----------------------------------------------------
  if (theirs.encoding !== op.hash_encoding) {
    add('encoding', 'Hash encoding', `Your hash is ${theirs.encoding}; ${op.name} wants the HMAC-SHA512 ${op.hash_encoding === 'hex' ? 'as lowercase hex' : 'base64-encoded (not hex)'}.`, 'hash');
  }
  if (theirs.how === 'sent order' && theirs.input !== hypotheses[2][1]) {
    const sentOrder = sentHashed.map(([n]) => n);
    const payWayOrder = op.hash_fields.filter((n) => sentMap.has(n));
    const at = sentOrder.findIndex((n, i) => n !== payWayOrder[i]);
    add('order', 'Wrong field order in the hash',
      `You concatenated the fields in the order you sent them (${sentOrder.join(', ')}). PayWay concatenates them in its own order: ${payWayOrder.join(', ')}. The first difference is position ${at + 1}: you have ${sentOrder[at]}, PayWay expects ${payWayOrder[at]}.`,
      payWayOrder[at]);
  }
  for (const p of op.params) {
    if (!op.hash_fields.includes(p.name) || !sentMap.has(p.name) || !expectedMap.has(p.name)) continue;
    const mine = sentMap.get(p.name);
    const want = expectedMap.get(p.name);
    if (mine === want) continue;
    if (p.encoding === 'base64' && want === toBase64(new TextEncoder().encode(mine))) {
      add('base64', `base64 missing: ${p.name}`, `PayWay wants ${p.name} base64-encoded: "${short(want)}", you sent the plain text "${short(mine)}".`, p.name);
    } else if (p.encoding === 'base64' && p.type !== 'url' && isBase64Of(want, mine)) {
      add('base64', `base64 of other JSON: ${p.name}`, `Your ${p.name} decodes to different JSON text than PayWay's PHP-style encoding; PayWay expects "${short(want)}".`, p.name);
    } else if (p.type === 'amount' && Number(mine) === Number(want)) {
      add('amount', `Amount text: ${p.name}`, `You sent "${mine}"; PayWay hashes the amount as text, "${want}" (USD with exactly two decimals, KHR whole). Never format amounts from floats.`, p.name);
    } else {
      add('value', `Different value: ${p.name}`, `You sent "${short(mine)}"; PayWay expects "${short(want)}".`, p.name);
    }
  }
  for (const n of op.hash_fields) {
    if (expectedMap.has(n) && !sentMap.has(n) && n !== 'hash') add('missing', `Missing field: ${n}`, `${n} is hashed but not in what you sent.`, n);
  }

  const first = firstDifference(theirs.input, expectedInput);
  const matches = theirHash !== '' && theirHash === expectedHash;
  // A right hash over values PayWay refuses (a bad time, an amount it
  // rejects) is still a failing request: the verdict says so.
  const rejected = findings.some((f) => f.kind === 'validation' || f.kind === 'time');
  const verdict = !matches ? 'hash differs' : rejected ? 'values rejected' : 'ok';
  if (verdict === 'ok') {
    findings.unshift({ kind: 'ok', title: 'Your hash is right', detail: 'paysign computes the same hash from what you sent. If PayWay still answers "wrong hash", check the API key and the environment (sandbox vs production).', field: '' });
  } else if (!matches && theirs.how === 'unknown' && theirHash) {
    add('unknown', 'Could not reproduce your hash', 'None of the usual mistakes reproduces your hash with this API key: check that the API key is the one of this merchant and environment, or paste the exact string you hashed.', 'hash');
  }
  return {
    operation: op.name,
    operationFrom: operation ? 'chosen' : 'url',
    verdict,
    format,
    sent,
    signError,
    paysign: { input: expectedInput, hash: expectedHash, segments: expectedSegments, fields: expectedFields },
    theirs: { ...theirs, hash: theirHash },
    matches,
    firstDifference: first,
    findings,
  };
}

// paramsFromSent turns sent (encoded) values back into payway.sign's plain params.
function paramsFromSent(op, sentMap) {
  const params = {};
  for (const p of op.params) {
    if (p.in !== 'body' || !sentMap.has(p.name)) continue;
    let v = sentMap.get(p.name);
    if (p.encoding === 'base64') {
      const decoded = decodeBase64Text(v);
      if (decoded !== null) v = decoded; // else they sent it plain: the doctor says so
    }
    if ((p.type === 'array' || p.type === 'object') && typeof v === 'string') {
      try {
        v = JSON.parse(v);
      } catch {}
    }
    params[p.name] = v;
  }
  return params;
}

function segments(names, map) {
  let at = 0;
  return names.map((name) => {
    const value = map.get(name) ?? '';
    const seg = { name, start: at, end: at + value.length };
    at += value.length;
    return seg;
  });
}

/** Index of the first differing character, or -1 if equal. */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** PayWay's request time (UTC YYYYMMDDHHmmss) for a time given in another common format, or "". */
export function toPayWayTime(text) {
  if (/^\d{14}$/.test(text)) return text;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/.test(text)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
    const date = new Date(hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
    if (!Number.isNaN(date.getTime())) return formatTime(date);
  }
  if (/^\d{10}$/.test(text)) return formatTime(new Date(Number(text) * 1000)); // Unix seconds
  return '';
}

function nowPayWayTime() {
  return formatTime(new Date());
}

function formatTime(date) {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function hmacSHA512(key, text) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('this page needs WebCrypto (open it over https, http://localhost or http://127.0.0.1)');
  const k = await subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', k, new TextEncoder().encode(text)));
}

function toBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function decodeBase64Text(text) {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

function isBase64Of(b64, text) {
  const decoded = decodeBase64Text(b64);
  if (decoded === null) return false;
  try {
    return JSON.stringify(JSON.parse(decoded)) === JSON.stringify(JSON.parse(decodeBase64Text(text) ?? text));
  } catch {
    return false;
  }
}

function short(s) {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
