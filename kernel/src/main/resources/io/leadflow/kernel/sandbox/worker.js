'use strict';
// LeadFlow's code sandbox worker. The kernel starts it inside bubblewrap (no network, no host
// files, no environment, resource limits) and writes one JSON request per line on stdin; it
// answers one JSON line per request on stdout. Each run gets a fresh V8 context that holds no
// object of this process: data goes in and comes out as JSON text, console is written inside the
// context, so the code cannot reach `process` or `require` through a prototype chain.
const vm = require('vm');
const readline = require('readline');

// Runs inside the context. `__in` is the request as JSON text; the outcome is left in `__out`,
// also as text, once the code's promise settles (microtasks are drained before runInContext returns).
const PRELUDE = `
(function () {
  'use strict';
  const request = JSON.parse(globalThis.__in);
  const body = globalThis.__compile;
  delete globalThis.__in;
  delete globalThis.__compile;
  class InvalidResult extends TypeError {}
  const limits = request.limits;
  const lines = [];
  let printed = 0, dropped = 0;
  const show = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return String(value.stack || value);
    try { const text = JSON.stringify(value); return text === undefined ? String(value) : text; }
    catch (e) { return String(value); }
  };
  const print = (level) => (...values) => {
    if (lines.length >= limits.consoleLines || printed >= limits.consoleChars) { dropped++; return; }
    let line = (level === 'log' ? '' : '[' + level + '] ') + values.map(show).join(' ');
    if (line.length > limits.consoleChars - printed) line = line.slice(0, limits.consoleChars - printed) + '…';
    printed += line.length;
    lines.push(line);
  };
  const console = Object.freeze({ log: print('log'), info: print('info'), warn: print('warn'),
                                  error: print('error'), debug: print('debug') });
  const deepFreeze = (value) => {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) deepFreeze(value[key]);
    }
    return value;
  };
  const finish = (outcome) => {
    if (dropped > 0) lines.push('… ' + dropped + ' more console line(s) dropped');
    outcome.console = lines;
    let text;
    try { text = JSON.stringify(outcome); }
    catch (e) { text = JSON.stringify({ ok: false, code: 'invalid_result', console: lines,
                 message: 'the returned items cannot be turned into JSON: ' + e.message }); }
    if (text.length > limits.outputChars) {
      text = JSON.stringify({ ok: false, code: 'output_too_large', console: lines.slice(0, 20),
                 message: 'the returned items are ' + text.length + ' characters of JSON, more than the '
                        + limits.outputChars + ' allowed' });
    }
    globalThis.__out = text;
  };
  const fail = (error) => {
    const message = error instanceof Error ? (error.name + ': ' + error.message) : ('threw ' + show(error));
    const where = error instanceof Error && typeof error.stack === 'string'
        ? (error.stack.match(/code\\.js:(\\d+)/) || [])[1] : undefined;
    finish({ ok: false, code: error instanceof InvalidResult ? 'invalid_result' : 'code_error', message: where ? message + ' (line ' + where + ')' : message });
  };
  const normalise = (value, label) => {
    if (value === null || value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((entry, index) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        throw new InvalidResult(label + ': item ' + index + ' is ' + (Array.isArray(entry) ? 'an array' : typeof entry)
                            + ', but an item is an object (or {json: {...}})');
      }
      const keys = Object.keys(entry);
      const wrapped = keys.includes('json') && keys.every(k => k === 'json' || k === 'pairedItem' || k === 'binary')
          && entry.json !== null && typeof entry.json === 'object' && !Array.isArray(entry.json);
      return wrapped ? entry.json : entry;
    });
  };
  const vars = request.variables || {};
  const lead = deepFreeze(request.lead === undefined ? null : request.lead);
  const run = async () => {
    const out = [];
    if (request.mode === 'EACH_ITEM') {
      for (let index = 0; index < request.items.length; index++) {
        const item = { json: request.items[index] };
        const produced = await body(console, [item], item.json, lead, vars, item, index);
        if (produced === undefined && request.items.length > 0) {
          throw new InvalidResult('the code returned nothing for item ' + index + ': return an object, or null to drop the item');
        }
        for (const entry of normalise(produced, 'item ' + index)) out.push(entry);
      }
    } else {
      const items = request.items.map(json => ({ json }));
      const produced = await body(console, items, items.length ? items[0].json : {}, lead, vars, undefined, undefined);
      if (produced === undefined) {
        throw new InvalidResult('the code returned nothing: return the items, e.g. "return items;"');
      }
      for (const entry of normalise(produced, 'result')) out.push(entry);
    }
    return out;
  };
  run().then(items => finish({ ok: true, items }), fail);
})();
`;

const prelude = new vm.Script(PRELUDE, { filename: 'prelude.js' });
const PARAMETERS = ['console', 'items', '$json', '$lead', '$vars', '$item', '$itemIndex'];

function runOne(request) {
  const started = process.hrtime.bigint();
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const names = Object.keys(request.variables || {});
  // the user's body runs as an async arrow, so it may await; its first line stays line 1 of code.js
  const body = 'return (async () => { const {' + names.map(n => n + ': $' + n).join(', ') + '} = $vars; '
      + request.source + '\n})();';
  try {
    // compiled in the context: the function and all it creates belong to it, not to this process
    context.__compile = vm.compileFunction(body, PARAMETERS, { parsingContext: context, filename: 'code.js' });
  } catch (e) {
    const line = (String(e.stack).match(/code\.js:(\d+)/) || [])[1];
    return { ok: false, code: 'syntax_error', console: [],
             message: 'SyntaxError: ' + e.message + (line ? ' (line ' + line + ')' : '') };
  }
  context.__in = JSON.stringify(request);
  try {
    prelude.runInContext(context, { timeout: request.timeoutMs });
  } catch (e) {
    const timedOut = e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    return { ok: false, code: timedOut ? 'timeout' : 'code_error', console: [],
             message: timedOut ? 'the code ran longer than ' + request.timeoutMs + ' ms and was stopped'
                               : String(e && e.message) };
  }
  const text = context.__out;
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (typeof text !== 'string') {
    return { ok: false, code: 'code_error', console: [], elapsedMs,
             message: 'the code waited for something that never happens (there are no timers or I/O in the sandbox)' };
  }
  return { text, elapsedMs };
}

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', line => {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, code: 'crashed', message: 'unreadable request' }) + '\n');
    return;
  }
  const outcome = runOne(request);
  const usage = process.cpuUsage();
  const cpuMs = Math.round((usage.user + usage.system) / 1000);
  const text = outcome.text !== undefined ? outcome.text : JSON.stringify(outcome);
  // the kernel reads this envelope first: the id, the time and the worker's CPU so far
  process.stdout.write('{"id":' + JSON.stringify(request.id) + ',"cpuMs":' + cpuMs + ',"elapsedMs":'
      + (outcome.elapsedMs || 0) + ',"outcome":' + text + '}\n');
});
input.on('close', () => process.exit(0));
process.stdout.write(JSON.stringify({ ready: true, node: process.version }) + '\n');
