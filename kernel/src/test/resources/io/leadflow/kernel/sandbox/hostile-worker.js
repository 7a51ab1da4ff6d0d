'use strict';
// Plays a user who got out of the V8 context: it holds `process` and `require` of the worker and
// tries every way out of the process's confinement. It prints one JSON line of what happened.
const fs = require('fs');
const net = require('net');
const attempt = (fn) => { try { return 'allowed: ' + String(fn()).slice(0, 80); } catch (e) { return 'refused: ' + (e.code || e.message); } };
const input = require('readline').createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
input.once('line', line => {
  const request = JSON.parse(line);
  const report = {
    passwd: attempt(() => fs.readFileSync('/etc/passwd', 'utf8')),
    secret: attempt(() => fs.readFileSync(request.secretFile, 'utf8')),
    listing: attempt(() => fs.readdirSync('/').join(',')),
    spawn: attempt(() => require('child_process').execSync('id').toString()),
    binding: attempt(() => process.binding('spawn_sync') && 'bound'),
    env: Object.keys(process.env).join(','),
    uid: process.getuid(),
  };
  const socket = net.connect({ host: '127.0.0.1', port: request.port });
  const done = (outcome) => {
    report.socket = outcome;
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exit(0);
  };
  socket.on('connect', () => done('connected'));
  socket.on('error', (e) => done('refused: ' + e.code));
});
