// A stand-in for one Catalogue node, for deploy/nginx/check.sh: node stub-node.mjs NAME PORT LOG
// Appends one JSON line per request it receives to LOG, then answers by path:
//   /ok           200, the node's name
//   /unavailable  503 with Retry-After: 7, as the service answers when PostgreSQL is away
//   /drop         reads the body, then closes the connection without an answer, as a node killed mid-request
//   /size         200, the number of body bytes received
// It stops by itself after 120 s, should the script that started it not stop it.
import { createServer } from "node:http";
import { appendFileSync } from "node:fs";

const [name, port, log] = process.argv.slice(2);

createServer((request, response) => {
  let bytes = 0;
  request.on("data", chunk => { bytes += chunk.length; });
  request.on("end", () => {
    const path = request.url.split("?")[0];
    appendFileSync(log, JSON.stringify({
      node: name, method: request.method, path, bytes,
      host: request.headers["host"] ?? null,
      forwardedFor: request.headers["x-forwarded-for"] ?? null,
      forwardedProto: request.headers["x-forwarded-proto"] ?? null,
      chunked: (request.headers["transfer-encoding"] ?? "").includes("chunked"),
    }) + "\n");
    switch (path) {
      case "/ok":
        response.end(name);
        break;
      case "/unavailable":
        response.writeHead(503, { "Retry-After": "7", "Content-Type": "application/problem+json" });
        response.end('{"status":503,"title":"The database is not available"}');
        break;
      case "/drop":
        request.socket.destroy();
        break;
      case "/size":
        response.end(String(bytes));
        break;
      default:
        response.writeHead(404);
        response.end();
    }
  });
}).listen(Number(port), "127.0.0.1");

setTimeout(() => process.exit(0), 120_000).unref();
