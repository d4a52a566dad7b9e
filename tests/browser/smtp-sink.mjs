// A small SMTP server for the browser tests: listens on loopback, accepts every message and
// writes it to MAIL_DIR/<n>.eml, so account.test.mjs can read the mail Gazette really sent
// over SMTP. Plain SMTP is what Gazette uses towards a loopback relay.
//
// Usage: node smtp-sink.mjs PORT MAIL_DIR

import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [port, dir] = process.argv.slice(2);
if (!port || !dir) {
  console.error('usage: node smtp-sink.mjs PORT MAIL_DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
let count = 0;

createServer((socket) => {
  let buffer = '';
  let inData = false;
  let data = [];
  const reply = (line) => socket.write(line + '\r\n');
  reply('220 sink ESMTP');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let i;
    while ((i = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          count += 1;
          writeFileSync(join(dir, `${count}.eml`), data.join('\r\n') + '\r\n');
          data = [];
          reply('250 queued');
        } else {
          data.push(line.startsWith('.') ? line.slice(1) : line);
        }
        continue;
      }
      const cmd = line.toUpperCase();
      if (cmd.startsWith('EHLO')) reply('250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760');
      else if (cmd === 'DATA') { inData = true; reply('354 go ahead'); }
      else if (cmd === 'QUIT') { reply('221 bye'); socket.end(); }
      else if (cmd.startsWith('HELO') || cmd.startsWith('MAIL') || cmd.startsWith('RCPT') || cmd === 'RSET' || cmd === 'NOOP') reply('250 OK');
      else reply('502 not implemented');
    }
  });
  socket.on('error', () => {});
}).listen(Number(port), '127.0.0.1', () => console.log(`smtp-sink listening on 127.0.0.1:${port}, writing to ${dir}`));
