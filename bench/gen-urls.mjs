// Deterministic URL lists for the PAC benchmark: `node bench/gen-urls.mjs [count] [seed] > urls.txt`.
import { rng, int, pick } from "./rng.mjs";
import { hostPool } from "./hosts.mjs";
import { pathToFileURL } from "node:url";

const PATHS = ["/", "/index.html", "/api/v1/items?id=", "/login", "/static/app.js", "/download/file.zip",
  "/a/b/c", "/search?q=", "/health", "/images/logo.png"];

/** `count` URLs (http, https, some with ports), same list for the same seed. */
export function genUrls(count = 10000, seed = 1) {
  const r = rng(seed);
  const pool = hostPool();
  const urls = [];
  for (let i = 0; i < count; i++) {
    const scheme = r() < 0.6 ? "https" : "http";
    const port = r() < 0.05 ? `:${pick(r, [8080, 8443, 3128])}` : "";
    let path = pick(r, PATHS);
    if (path.endsWith("=")) path += int(r, 100000);
    urls.push(`${scheme}://${pick(r, pool)}${port}${path}`);
  }
  return urls;
}

if (import.meta.url === pathToFileURL(process.argv[1] || "").href) {
  const count = Number(process.argv[2] || 10000);
  const seed = Number(process.argv[3] || 1);
  process.stdout.write(genUrls(count, seed).join("\n") + "\n");
}
