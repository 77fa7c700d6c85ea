// The doctor page: wires the form to the core's payway.diagnose (the same
// diagnosis as `paysign doctor`). Runs only in the browser; nothing leaves
// the page.
import { load } from '../src/index.js';

const $ = (id) => document.getElementById(id);
let paysign;
let catalog;

try {
  paysign = await load();
  catalog = paysign.call('payway.catalog', {});
  $('operation').add(new Option('from the URL in what I paste', ''));
  for (const op of catalog.operations) $('operation').add(new Option(`${op.name} — ${op.title}`, op.name));
  $('diagnose').disabled = false;
  $('status').textContent = 'ready';
} catch (err) {
  $('status').textContent = `cannot load paysign: ${err.message}`;
}

$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('status').textContent = '';
  try {
    const report = paysign.call('payway.diagnose', {
      text: $('sent').value,
      operation: $('operation').value,
      credentials: { api_key: $('api-key').value },
      their_hash_input: $('their-input').value,
    });
    render(report);
  } catch (err) {
    $('report').hidden = true;
    $('status').textContent = err.message;
  }
});

function render(report) {
  const list = $('findings');
  list.replaceChildren(...report.findings.map((f) => {
    const li = document.createElement('li');
    li.dataset.kind = f.kind;
    if (f.field) li.dataset.field = f.field;
    const title = document.createElement('strong');
    title.textContent = f.title;
    li.append(title, ` — ${f.detail}`);
    return li;
  }));
  const at = report.first_difference;
  showInput($('paysign-input'), $('paysign-where'), report.expected.input, report.expected.segments, at);
  const theirs = report.theirs.how === 'unknown' ? null : report.theirs;
  if (theirs) {
    showInput($('their-input-out'), $('their-where'), theirs.input, theirs.segments, at);
    $('their-where').prepend(`(${theirs.how === 'sent order' ? 'reconstructed: your fields in the order you sent them'
      : theirs.how === 'sent values, PayWay order' ? "reconstructed: your values in PayWay's order"
        : theirs.how === 'expected' ? 'same as PayWay' : theirs.how}) `);
  } else {
    $('their-input-out').textContent = '(could not reconstruct — paste it above)';
    $('their-where').textContent = '';
  }
  $('paysign-hash').textContent = report.expected.hash;
  $('their-hash').textContent = report.theirs.hash || '(none sent)';
  $('report').hidden = false;
  $('status').textContent = {
    'ok': `hash matches (${report.operation})`,
    'values rejected': `your hash matches, but PayWay rejects the values (${report.operation}): see the findings`,
    'hash differs': `hash differs (${report.operation})`,
  }[report.verdict];
}

// showInput renders text with the first difference marked and names the
// field it falls in; offsets count characters (code points), as the core does.
function showInput(pre, where, input, segments, at) {
  const text = Array.from(input);
  if (at < 0 || at > text.length) {
    pre.textContent = input;
    where.textContent = segments ? `fields: ${segments.map((s) => s.name).join(' + ')}` : '';
    return;
  }
  const mark = document.createElement('mark');
  mark.textContent = text[at] ?? ' ';
  const rest = document.createElement('span');
  rest.className = 'rest';
  rest.textContent = text.slice(at + 1).join('');
  pre.replaceChildren(text.slice(0, at).join(''), mark, rest);
  const seg = segments?.find((s) => at >= s.start && at < s.end) ?? segments?.at(-1);
  where.textContent = `first difference at character ${at + 1}${seg ? `, inside ${seg.name}` : ''}${segments ? `; fields: ${segments.map((s) => s.name).join(' + ')}` : ''}`;
}
