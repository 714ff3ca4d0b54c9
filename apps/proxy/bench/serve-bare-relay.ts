// Child process for `pnpm bench proxy-load --bare`: the floor any Node proxy pays — a bare
// node:http pass-through to the vendor (keep-alive agent, body and stream piped, no parsing, no
// retrieval, no learning). Prints the URL the same way the proxy does.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.argv[2] as string);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const server = createServer((incoming, outgoing) => {
  const forwarded = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: `${upstream.pathname.replace(/\/$/, '')}/chat/completions`,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forwarded.on('error', () => outgoing.destroy());
  incoming.pipe(forwarded);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`AutoSkill proxy on http://127.0.0.1:${port}/v1 (bare relay)\n`);
});
process.on('SIGTERM', () => process.exit(0));
