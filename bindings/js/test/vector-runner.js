// The test-vector runner of testvectors/README.md, shared by the Node tests
// (vectors.test.js) and the browser page (browser/vectors.html). It uses no
// Node or DOM API, only the package's callRaw. Every file in testvectors/
// is one this runner takes; it fails on any other instead of skipping it.

export const SCHEMA = 'paysign-vectors-v1';

const FILE_MEMBERS = ['schema', 'op', 'description', 'notes', 'number_of_tests', 'tests'];
const TEST_MEMBERS = ['id', 'comment', 'flags', 'op', 'input', 'input_raw', 'input_b64', 'result', 'output', 'randomized', 'then',
  'encrypted', 'error_code', 'error_field'];
const THEN_MEMBERS = ['op', 'input', 'output'];

/**
 * Returns one case per vector of every file. A file this runner cannot
 * take fails the whole run instead of being skipped: text that is not
 * JSON, another schema (the send scenarios, testvectors/send/, have their
 * own runner), a member it does not know, number_of_tests not the number
 * of tests, a test without an op or without exactly one input.
 * @param {Array<{name: string, text: string}>} files vector files, read by the caller
 * @returns {Array<{name: string, run: (paysign: {callRaw: Function}) => void}>}
 */
export function vectorCases(files) {
  const cases = [];
  for (const { name, text } of files) {
    let file;
    try {
      file = JSON.parse(text);
    } catch (err) {
      throw new VectorMismatch(`${name}: not JSON (${err.message})`);
    }
    checkFile(name, file);
    for (const test of file.tests) {
      cases.push({ name: `${name} #${test.id} ${test.comment}`, run: (paysign) => runVector(paysign, file.op, test) });
    }
  }
  return cases;
}

function checkFile(name, file) {
  const known = (value, members, at) => {
    expect(value !== null && typeof value === 'object' && !Array.isArray(value), `${name}: ${at} is not an object`);
    for (const key of Object.keys(value)) expect(members.includes(key), `${name}: ${at} has a member this runner does not know: ${key}`);
  };
  known(file, FILE_MEMBERS, 'the file');
  expect(file.schema === SCHEMA, `${name}: schema ${JSON.stringify(file.schema)}, this runner knows ${SCHEMA}`);
  expect(Array.isArray(file.tests) && file.tests.length === file.number_of_tests,
    `${name}: number_of_tests is ${file.number_of_tests} but the file has ${file.tests?.length} tests`);
  for (const test of file.tests) {
    known(test, TEST_MEMBERS, `test ${test?.id}`);
    expect(typeof (test.op ?? file.op) === 'string' && (test.op ?? file.op) !== '', `${name}: test ${test.id} has no op`);
    expect(['input', 'input_raw', 'input_b64'].filter((k) => k in test).length === 1, `${name}: test ${test.id} needs exactly one of input, input_raw, input_b64`);
    if (test.then !== undefined) known(test.then, THEN_MEMBERS, `test ${test.id}.then`);
  }
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
    // What is fixed about the ciphertext: its length (the block count) and the hash input around it.
    const { field, base64_length: length, hash_input: around } = test.encrypted ?? {};
    const text = value.fields?.find(([name]) => name === field)?.[1];
    expect(typeof text === 'string' && text.length === length, `encrypted: ${field} has ${text?.length} base64 characters, want ${length}`);
    if (around) expect(value.hash_input === around[0] + text + around[1], 'encrypted: the hash input around the ciphertext differs');
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
