// Tiny static file server for www/ (and the e2e tests): 127.0.0.1 only, correct MIME types
// (application/wasm), no directory listing, no path traversal, no caching.
//
//   node scripts/serve.mjs [--root DIR] [--port N]      (port 0 = any free port)
//   import { startServer } from "./serve.mjs"           (tests)

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MIME = {
  ".html": "text/html", // no charset: each page declares its own (dist/netdiag.html is windows-1252)
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".pac": "application/x-ns-proxy-autoconfig",
  ".map": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/** Maps a request path to a file under `root`, or null when it would leave `root`. */
export function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const full = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  const rel = path.relative(root, full);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return full;
}

async function handle(root, req, res) {
  const send = (code, body, type = "text/plain; charset=utf-8") => {
    res.writeHead(code, {
      "Content-Type": type,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");
  let file = resolveInside(root, req.url || "/");
  if (!file) return send(400, "bad path\n");
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    const body = await readFile(file);
    const type = MIME[path.extname(file).toLowerCase()] || "application/octet-stream";
    return send(200, body, type);
  } catch {
    return send(404, "not found\n");
  }
}

/** Starts the server; resolves to `{ url, close() }`. */
export function startServer({ root, host = "127.0.0.1", port = 0 } = {}) {
  const absRoot = path.resolve(root);
  const server = createServer((req, res) => {
    handle(absRoot, req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      resolve({
        url: `http://${host}:${bound}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const root = path.resolve(opt("--root", path.join(repo, "www")));
  const port = Number(opt("--port", process.env.PORT || "8080"));
  const { url } = await startServer({ root, port });
  console.log(`netdiag: serving ${root}`);
  console.log(`netdiag: open ${url}  (Ctrl+C to stop)`);
  const single = path.join(repo, "dist", "netdiag.html");
  console.log(`netdiag: single-file build: ${single}  (open it from disk, or email it)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`netdiag serve: ${error.message}`);
    process.exit(1);
  });
}
