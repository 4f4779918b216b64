// Safe shrinking of the page's own JS and CSS for the single file (scripts/bundle.mjs): drops
// blank lines, comment-only lines and leading indentation, and nothing else. A small lexer
// knows where strings, template literals, regex literals and comments are, so no line inside a
// literal is touched and no code token changes (tests/unit-bundle.test.mjs proves that with an
// independent tokenizer over every inlined script). Line breaks between kept lines stay, so
// automatic semicolon insertion sees the same code.

/** Keywords after which a `/` starts a regex literal, not a division. */
const REGEX_AFTER_WORD = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
  "void", "throw", "instanceof", "yield", "await"]);

/** Literal and comment ranges of JS source: `{ literals: [[start, end]], comments: [[start, end]] }`
 * (end exclusive). Throws on an unterminated literal or comment, naming the offset. */
export function scanJs(src) {
  const literals = [];
  const comments = [];
  // Stack of open template literals: each entry counts the `{` open in its current `${ }`.
  const templates = [];
  let prev = ""; // last significant token kind: "word:<w>", "num", "punct:<c>", "literal"
  let i = 0;
  const n = src.length;

  const fail = (what, at) => {
    throw new Error(`shrink: unterminated ${what} starting at offset ${at}`);
  };

  /** Scans template text from `i` (after "`" or "}") to the closing "`" or the next "${". */
  const templateText = (start) => {
    while (i < n) {
      const c = src[i];
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        templates.pop();
        literals.push([start, i]);
        prev = "literal";
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        i += 2;
        literals.push([start, i]);
        templates[templates.length - 1] = 0;
        prev = "punct:{";
        return;
      } else i++;
    }
    fail("template literal", start);
  };

  while (i < n) {
    const c = src[i];
    const start = i;
    if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n" && src[i] !== "\r") i++;
      comments.push([start, i]);
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) fail("block comment", start);
      i = end + 2;
      comments.push([start, i]);
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === "\\") i++;
        else if (src[i] === "\n") fail("string", start);
        i++;
      }
      if (i >= n) fail("string", start);
      i++;
      literals.push([start, i]);
      prev = "literal";
    } else if (c === "`") {
      i++;
      templates.push(0);
      templateText(start);
    } else if (c === "}" && templates.length && templates[templates.length - 1] === 0) {
      // The end of a `${ }` substitution: back into the template text.
      i++;
      templateText(start);
    } else if (c === "/" && isRegexStart(prev)) {
      i++;
      let inClass = false;
      while (i < n) {
        const d = src[i];
        if (d === "\\") i++;
        else if (d === "[") inClass = true;
        else if (d === "]") inClass = false;
        else if (d === "/" && !inClass) break;
        else if (d === "\n") fail("regex literal", start);
        i++;
      }
      if (i >= n) fail("regex literal", start);
      i++;
      while (i < n && /[a-z]/i.test(src[i])) i++; // flags
      literals.push([start, i]);
      prev = "literal";
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      while (i < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(src[i])) i++;
      prev = `word:${src.slice(start, i)}`;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] || ""))) {
      while (i < n && /[0-9A-Za-z_.]/.test(src[i])) i++;
      prev = "num";
    } else if (/\s/.test(c)) {
      i++;
    } else {
      if (templates.length) {
        if (c === "{") templates[templates.length - 1] += 1;
        else if (c === "}") templates[templates.length - 1] -= 1;
      }
      i++;
      prev = `punct:${c}`;
    }
  }
  if (templates.length) fail("template literal", n);
  return { literals, comments };
}

/** After this token, a `/` begins a regex literal. */
function isRegexStart(prev) {
  if (prev === "") return true;
  if (prev === "literal" || prev === "num") return false;
  if (prev.startsWith("word:")) return REGEX_AFTER_WORD.has(prev.slice(5));
  const p = prev.slice(6);
  return p !== ")" && p !== "]";
}

/** Literal and comment ranges of CSS (strings and comments are the only literals there). */
export function scanCss(src) {
  const literals = [];
  const comments = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const start = i;
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new Error(`shrink: unterminated CSS comment at offset ${start}`);
      i = end + 2;
      comments.push([start, i]);
    } else if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === "\\" ? 2 : 1;
      if (i >= src.length) throw new Error(`shrink: unterminated CSS string at offset ${start}`);
      i++;
      literals.push([start, i]);
    } else i++;
  }
  return { literals, comments };
}

/** Drops blank lines, comment-only lines and indentation outside literals. */
function shrinkWith(src, { literals, comments }) {
  // Offsets strictly inside a literal (a line starting there belongs to the literal).
  const insideLiteral = (at) => literals.some(([s, e]) => s < at && at < e);
  const commentAt = new Map(comments.map(([s, e]) => [s, e]));
  const lines = src.split("\n");
  const out = [];
  let offset = 0;
  let skipUntil = -1; // drop lines while they lie inside a comment dropped whole
  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    if (start < skipUntil) continue;
    if (insideLiteral(start)) {
      out.push(line);
      continue;
    }
    const body = line.replace(/^[ \t]+/, "");
    const first = start + (line.length - body.length);
    if (body.trim() === "") continue;
    const end = commentAt.get(first);
    if (end !== undefined) {
      // A comment that starts the line: drop it when nothing but blanks follow it.
      const lineEnd = src.indexOf("\n", end);
      const rest = src.slice(end, lineEnd < 0 ? src.length : lineEnd);
      if (rest.trim() === "") {
        skipUntil = lineEnd < 0 ? src.length : lineEnd + 1;
        continue;
      }
    }
    out.push(body);
  }
  return out.join("\n");
}

/** The JS text without blank lines, comment-only lines and indentation. */
export function shrinkJs(src) {
  return shrinkWith(src, scanJs(src));
}

/** The CSS text without blank lines, comment-only lines and indentation. */
export function shrinkCss(src) {
  return shrinkWith(src, scanCss(src));
}
