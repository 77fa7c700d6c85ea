// Request values to JSON text, with paysign's rules checked before anything
// is signed (docs/envelope.md, docs/decisions.md):
//
// - a number that is not an exact safe integer (a fraction, NaN, ±Infinity,
//   beyond Number.MAX_SAFE_INTEGER) is refused with float_not_allowed: a
//   binary float has no exact decimal text (0.1 + 0.2 is
//   0.30000000000000004, 1.50 is 1.5). Amounts are decimal strings ("1.50");
//   a BigInt is an exact integer and is written as its digits;
// - a Map is a JSON object in insertion order, its keys strings: the way to
//   keep an order JavaScript objects cannot (they put integer-like keys such
//   as "10" first). An array is always a JSON array;
// - an object member that is undefined is left out (as JSON.stringify does);
//   an array element that is undefined, a function, a symbol, a Set, a typed
//   array and the like are refused (malformed_request) instead of becoming
//   null or {} as JSON.stringify would make them;
// - toJSON() is honoured (Date, URL, decimal libraries), and its result is
//   checked like any other value; Number, String and Boolean objects count
//   as their primitive values;
// - a cycle, more than 512 levels of nesting (the core's limit) and more
//   values than a 1 MiB request can hold are refused without recursing
//   forever.
//
// Any other exception (a getter or toJSON that throws, a revoked Proxy)
// becomes a PaySignError too. No message holds a string value: they name the
// member (a dotted path, array indexes as numbers: params.items.0.price) and
// the kind of value.
//
// The fast path is one walk of typeof checks followed by the engine's own
// JSON.stringify; only a value the walk does not accept as it is (a Map, a
// BigInt, toJSON, a class instance, a problem) takes the slow path, which
// writes the text itself and finds the problem's member.

import { PaySignError } from './errors.js';

/** The core's nesting limit: levels of arrays and objects, the request object being the first. */
const MAX_DEPTH = 512;
// Every value takes at least two bytes of JSON text ("1,"), so a request of
// more values than this is over the core's 1 MiB limit anyway.
const MAX_VALUES = (1 << 20) / 2 + 1;

const objectPrototype = Object.prototype;
const toStringTag = Object.prototype.toString;
let values = 0; // values visited by the current serialization
let current = ''; // the member the slow path is at

/**
 * JSON text of value, a member at path (at depth levels below the request
 * object), or undefined when value is undefined (a member left out).
 * @throws {PaySignError} float_not_allowed, malformed_request, request_too_large
 */
export function toJSONText(value, path = '', depth = 1) {
  try {
    values = 0;
    if (plain(value, depth)) return JSON.stringify(value);
  } catch {
    // A getter, toJSON or Proxy trap threw: the slow path finds where.
  }
  values = 0;
  current = path;
  try {
    return encode(value, '', path, depth, []);
  } catch (err) {
    if (err instanceof PaySignError) throw err;
    // Its message may hold anything (a value, a key), so only its kind is told.
    const kind = err instanceof Error ? err.name : typeof err;
    throw new PaySignError('malformed_request', `paysign: ${name(current)} cannot be encoded as JSON: reading it threw ${kind}`, current);
  }
}

// plain reports whether JSON.stringify(v) writes exactly what paysign sends:
// strings, booleans, null, safe integers, arrays of such values and plain
// objects ({...} or Object.create(null)) without toJSON.
function plain(v, depth) {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isSafeInteger(v);
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (depth > MAX_DEPTH || ++values > MAX_VALUES) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!plain(v[i], depth + 1)) return false; // an undefined element too: refused on the slow path
    }
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if ((proto !== objectPrototype && proto !== null) || typeof v.toJSON === 'function') return false;
  for (const key in v) {
    const x = v[key];
    if (x !== undefined && !plain(x, depth + 1)) return false;
  }
  return true;
}

// encode writes v (reached through key, at path) as JSON text, or returns
// undefined for undefined. stack holds the objects being written (cycles).
function encode(v, key, path, depth, stack) {
  current = path;
  if (++values > MAX_VALUES) {
    throw new PaySignError('request_too_large', `paysign: ${name(path)} holds more values than a request of 1 MiB can carry`, path);
  }
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    if (typeof v.toJSON === 'function') v = v.toJSON(key);
  }
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (Number.isSafeInteger(v)) return String(v);
      throw floatError(v, path);
    case 'bigint':
      return v.toString();
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      throw refused(path, `a ${typeof v}`);
    default:
      break;
  }
  if (v === null) return 'null';
  if (stack.includes(v)) {
    throw new PaySignError('malformed_request', `paysign: ${name(path)} holds itself (a cycle): JSON cannot carry it`, path);
  }
  if (depth > MAX_DEPTH) {
    throw new PaySignError('malformed_request', `paysign: ${name(path)} is nested deeper than ${MAX_DEPTH} levels of arrays and objects`, path);
  }
  stack.push(v);
  try {
    if (Array.isArray(v)) {
      const parts = [];
      for (let i = 0; i < v.length; i++) {
        const at = join(path, String(i));
        current = at;
        const text = encode(v[i], String(i), at, depth + 1, stack);
        if (text === undefined) throw refused(at, 'undefined (or a hole) in an array');
        parts.push(text);
      }
      return `[${parts.join(',')}]`;
    }
    const tag = toStringTag.call(v).slice(8, -1);
    switch (tag) {
      case 'Map': {
        const parts = [];
        for (const [k, x] of v) {
          if (typeof k !== 'string') {
            throw refused(path, `a Map with a ${k === null ? 'null' : typeof k} key (JSON object members are named by strings)`);
          }
          const text = encode(x, k, join(path, k), depth + 1, stack);
          if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
        }
        return `{${parts.join(',')}}`;
      }
      case 'Number':
      case 'String':
      case 'Boolean':
      case 'BigInt':
        return encode(v.valueOf(), key, path, depth, stack);
      case 'Set': case 'WeakMap': case 'WeakSet': case 'WeakRef': case 'Promise': case 'RegExp': case 'Error':
      case 'ArrayBuffer': case 'SharedArrayBuffer': case 'DataView': case 'Symbol':
        throw refused(path, `a ${tag}`);
      default:
        if (ArrayBuffer.isView(v)) throw refused(path, `a ${tag}`);
    }
    const parts = [];
    for (const k of Object.keys(v)) {
      const at = join(path, k);
      current = at; // reading v[k] may throw (a getter)
      const text = encode(v[k], k, at, depth + 1, stack);
      if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.pop();
  }
}

function floatError(v, path) {
  let what;
  if (Number.isNaN(v)) what = 'NaN';
  else if (!Number.isFinite(v)) what = `${v}`;
  else if (Number.isInteger(v)) what = `the number ${v}, beyond Number.MAX_SAFE_INTEGER (it may not be the integer written): pass a string or a BigInt`;
  else what = `the number ${v}, a binary float without exact decimal text: pass a decimal string such as "1.50"`;
  if (!Number.isFinite(v)) what += ', not a number paysign can send: pass a decimal string such as "1.50"';
  return new PaySignError('float_not_allowed', `paysign: ${name(path)} is ${what}`, path);
}

function refused(path, what) {
  return new PaySignError('malformed_request', `paysign: ${name(path)} is ${what}, which paysign does not send: `
    + 'pass strings, integers, BigInts, booleans, null, arrays, objects and Maps', path);
}

function join(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

function name(path) {
  if (path === '') return 'the request';
  return path.length > 120 ? `${path.slice(0, 60)}…${path.slice(-40)}` : path;
}

/**
 * Whether text can be encoded as UTF-8 without change: no unpaired UTF-16
 * surrogate, which TextEncoder would silently replace with U+FFFD.
 */
export const isWellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (text) => text.isWellFormed()
  : wellFormed;

/** isWellFormed for runtimes without String.prototype.isWellFormed (Node 18, older browsers). */
export function wellFormed(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff || i + 1 === text.length) return false; // a low surrogate first, or a high one last
    const next = text.charCodeAt(++i);
    if (next < 0xdc00 || next > 0xdfff) return false;
  }
  return true;
}

/**
 * The path of the first string or member name in value holding an unpaired
 * surrogate, or '' (to name the member after the core refused the request).
 */
export function illFormedPath(value, path = '', seen = new Set()) {
  if (typeof value === 'string') return isWellFormed(value) ? '' : path || '';
  if (typeof value !== 'object' || value === null || seen.has(value)) return '';
  seen.add(value);
  try {
    const entries = Array.isArray(value) ? value.map((x, i) => [String(i), x])
      : toStringTag.call(value) === '[object Map]' ? [...value] : Object.entries(value);
    for (const [k, x] of entries) {
      const at = join(path, String(k));
      if (typeof k === 'string' && !isWellFormed(k)) return at;
      const found = illFormedPath(x, at, seen);
      if (found) return found;
    }
  } catch {
    // only a better error message was at stake
  }
  return '';
}
