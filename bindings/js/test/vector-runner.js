// The test-vector runner of testvectors/README.md, shared by the Node tests
// (vectors.test.js) and the browser page (browser/vectors.html). It uses no
// Node or DOM API, only the package's callRaw.

export const SCHEMA = 'paysign-vectors-v1';

/**
 * Returns one case per vector of every file whose schema is known.
 * @param {Array<{name: string, text: string}>} files vector files, read by the caller
 * @returns {Array<{name: string, run: (paysign: {callRaw: Function}) => void}>}
 */
export function vectorCases(files) {
  const cases = [];
  for (const { name, text } of files) {
    const file = JSON.parse(text);
    if (file.schema !== SCHEMA) continue; // README: ignore unknown schemas
    for (const test of file.tests) {
      cases.push({ name: `${name} #${test.id} ${test.comment}`, run: (paysign) => runVector(paysign, file.op, test) });
    }
  }
  return cases;
}

/** Runs one vector; throws a VectorMismatch on any difference. */
export function runVector(paysign, fileOp, test) {
  const op = test.op ?? fileOp;
  const envelope = call(paysign, op, requestOf(test));
  if (test.result === 'invalid') {
    expect(envelope.ok === false, `want error ${test.error_code}, got value ${JSON.stringify(envelope.value)}`);
    expect(envelope.error.code === test.error_code, `error code: want ${test.error_code}, got ${describe(envelope)}`);
    if ('error_field' in test) {
      expect(envelope.error.field === test.error_field, `error field: want "${test.error_field}", got ${describe(envelope)}`);
    }
    return;
  }
  expect(test.result === 'valid', `unknown result ${test.result}`);
  expect(envelope.ok === true, `want a value, got ${describe(envelope)}`);
  const value = envelope.value;
  if (test.randomized) {
    // A listed key with null expects the member absent or null (what Go's map lookup, PHP's ?? and
    // Python's dict.get give).
    for (const key of Object.keys(test.output)) expectJSONEqual(test.output[key], value[key] ?? null, `value.${key}`);
  } else {
    expectJSONEqual(test.output, value, 'value');
  }
  if (test.then) {
    const second = call(paysign, test.then.op, JSON.stringify({ ...test.then.input, fields: value.fields }));
    expect(second.ok === true, `then ${test.then.op}: ${describe(second)}`);
    expectJSONEqual(test.then.output, second.value, 'then value');
  }
}

function requestOf(test) {
  if ('input_raw' in test) return test.input_raw;
  if ('input_b64' in test) return Uint8Array.from(atob(test.input_b64), (c) => c.charCodeAt(0));
  return JSON.stringify(test.input); // README: re-encoded with our own encoder
}

function call(paysign, op, request) {
  const text = paysign.callRaw(op, request);
  const envelope = JSON.parse(text);
  expect(typeof envelope === 'object' && envelope !== null && envelope.ok === ('value' in envelope) && envelope.ok !== ('error' in envelope),
    `not an envelope: ${text.slice(0, 200)}`);
  return envelope;
}

function describe(envelope) {
  return envelope.ok ? `value ${JSON.stringify(envelope.value)}` : `error ${envelope.error.code} field "${envelope.error.field ?? ''}" (${envelope.error.message})`;
}

export class VectorMismatch extends Error {
  constructor(message) {
    super(message);
    this.name = 'VectorMismatch';
  }
}

function expect(condition, message) {
  if (!condition) throw new VectorMismatch(message);
}

/** README deep JSON equality: objects unordered, arrays in order, strings by bytes, numbers by value. */
export function jsonEqual(want, got) {
  return firstDifference(want, got, '') === null;
}

function expectJSONEqual(want, got, path) {
  const at = firstDifference(want, got, path);
  if (at !== null) {
    throw new VectorMismatch(`${at} differs\nwant ${JSON.stringify(want)}\ngot  ${JSON.stringify(got)}`);
  }
}

function firstDifference(want, got, path) {
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return path;
    for (let i = 0; i < want.length; i++) {
      const at = firstDifference(want[i], got[i], `${path}[${i}]`);
      if (at !== null) return at;
    }
    return null;
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return path;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(got).length) return path;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(got, key)) return `${path}.${key}`;
      const at = firstDifference(want[key], got[key], `${path}.${key}`);
      if (at !== null) return at;
    }
    return null;
  }
  return want === got ? null : path; // numbers were parsed to values, strings compare by code units
}
