// Child process for the latency benchmark: the floor. A minimal node:http relay with no
// AutoSkill (no parsing, no retrieval, no auth), so the benchmark can show how much of the
// added latency any Node relay pays on this machine. argv: <upstreamUrl>. Prints `<url> 0`.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const target = new URL(`${process.argv[2]}/chat/completions`);
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

const server = createServer((incoming, outgoing) => {
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const body = Buffer.concat(chunks);
    const call = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'text/event-stream',
        });
        answer.pipe(outgoing);
      },
    );
    call.on('error', () => outgoing.destroy());
    call.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`http://127.0.0.1:${port} 0\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
