// Reads the send conformance vectors (testvectors/send/payway_send.json) as
// strictly as Go's testvectors.Send: a member it does not know, another
// schema, a count that does not match, a flag without a note or an
// operation without parameters fails the load instead of being skipped.
// Not a test file itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEND_SCHEMA = 'paysign-send-v1';
export const sendVectorPath = fileURLToPath(new URL('../../../testvectors/send/payway_send.json', import.meta.url));

const FILE_MEMBERS = ['schema', 'description', 'credentials', 'params', 'notes', 'expect_members', 'number_of_tests', 'tests'];
const TEST_MEMBERS = ['id', 'comment', 'flags', 'operation', 'policy', 'sends', 'pause_ms', 'target', 'script', 'expect'];
const POLICY_MEMBERS = ['timeout_ms', 'query_retries', 'retry_backoff_ms'];
const EXPECT_MEMBERS = ['outcome', 'code', 'location', 'category', 'next', 'connections', 'requests', 'redirected'];
// internal/scriptserver's Action and its parts.
const ACTION_MEMBERS = { answer: 'object', drop: 'string', stall: 'boolean', drip: 'object' };
const ANSWER_MEMBERS = ['status', 'headers', 'body', 'body_repeat', 'close_after_ms'];
const REPEAT_MEMBERS = ['text', 'count'];
const DRIP_MEMBERS = ['status', 'body', 'interval_ms'];

class SendVectorError extends Error {
  name = 'SendVectorError';
}

/** Reads and checks the send vectors; throws SendVectorError on anything unknown. */
export function loadSendVectors(path = sendVectorPath) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SendVectorError(`${path}: cannot read it: ${err.code ?? err.message}`);
  }
  return parseSendVectors(text);
}

/** Checks the text of a send vector file; throws SendVectorError on anything unknown. */
export function parseSendVectors(text) {
  const file = JSON.parse(text);
  members(file, FILE_MEMBERS, 'the file');
  if (file.schema !== SEND_SCHEMA) fail(`schema ${JSON.stringify(file.schema)}, want ${SEND_SCHEMA}`);
  if (!Array.isArray(file.tests) || file.number_of_tests !== file.tests.length || file.tests.length === 0) {
    fail(`${file.tests?.length} tests, number_of_tests says ${file.number_of_tests}`);
  }
  file.tests.forEach((t, i) => {
    const at = `test ${t?.id ?? i + 1}`;
    members(t, TEST_MEMBERS, at);
    if (t.id !== i + 1 || !Number.isInteger(t.sends) || t.sends < 1 || !['url', 'closed_url'].includes(t.target)
      || !Array.isArray(t.script) || t.script.length === 0) {
      fail(`${at} is malformed`);
    }
    if (!(t.operation in file.params)) fail(`${at}: no params for ${t.operation}`);
    for (const flag of t.flags) if (!(flag in file.notes)) fail(`${at}: flag ${flag} has no note`);
    members(t.policy, POLICY_MEMBERS, `${at}.policy`);
    members(t.expect, EXPECT_MEMBERS, `${at}.expect`);
    t.script.forEach((action, j) => checkAction(action, `${at}.script[${j}]`));
  });
  return file;
}

function checkAction(action, at) {
  members(action, Object.keys(ACTION_MEMBERS), at);
  const set = Object.keys(action);
  if (set.length !== 1 || typeof action[set[0]] !== ACTION_MEMBERS[set[0]]) fail(`${at}: exactly one action`);
  if (action.answer) {
    members(action.answer, ANSWER_MEMBERS, `${at}.answer`);
    if (action.answer.body_repeat) members(action.answer.body_repeat, REPEAT_MEMBERS, `${at}.answer.body_repeat`);
  }
  if (action.drip) members(action.drip, DRIP_MEMBERS, `${at}.drip`);
}

function members(value, known, at) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${at} is not an object`);
  for (const name of Object.keys(value)) if (!known.includes(name)) fail(`${at}: unknown member ${name}`);
}

function fail(message) {
  throw new SendVectorError(`send/payway_send.json: ${message}`);
}
