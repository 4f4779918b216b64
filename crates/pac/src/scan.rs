//! A small, forgiving JavaScript tokenizer.
//!
//! It runs before boa sees the source, so it must be iterative (no recursion: deeply nested
//! input is exactly what it guards against) and must never fail: on a lexical problem it stops
//! and lets boa report the syntax error. It knows strings, comments, template literals (with
//! nested `${ }`), regular-expression literals (by the usual "what came before" rule) and
//! punctuators, which is all the nesting check and the instrumentation need: a `return` or a
//! bracket inside a string, comment or regex must not count.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Identifier or keyword.
    Word,
    /// Numeric literal.
    Number,
    /// String literal.
    Str,
    /// Regular-expression literal.
    Regex,
    /// A template piece: from `` ` `` or `}` up to and including `${` or the closing `` ` ``.
    Template,
    /// Punctuator.
    Punct,
}

/// One token: byte range in the source and whether a line break precedes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// A line terminator (or a comment holding one) separates it from the previous token.
    pub nl_before: bool,
    /// Bracket depth before this token (`(`, `[`, `{`, `${` opened and not yet closed).
    pub depth: usize,
}

/// Tokenizes `src`. Stops quietly at the first lexical error (unterminated string, comment...).
pub(crate) fn tokenize(src: &str) -> Vec<Token> {
    Scanner::new(src).run()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Bracket,
    TemplateSubst,
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    stack: Vec<Open>,
    out: Vec<Token>,
}

fn is_id_start(c: char) -> bool {
    c == '$' || c == '_' || c == '\\' || c.is_alphabetic()
}

fn is_id_continue(c: char) -> bool {
    is_id_start(c) || c.is_alphanumeric() || c == '\u{200c}' || c == '\u{200d}'
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Keywords after which a `/` starts a regular expression, not a division.
const REGEX_AFTER_WORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

/// Longest-first punctuators.
const PUNCTS: &[&str] = &[
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "<<", ">>", "**",
];

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            stack: Vec::new(),
            out: Vec::with_capacity(src.len() / 4),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, off: usize) -> Option<u8> {
        self.bytes.get(self.pos + off).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn push(&mut self, kind: Kind, start: usize, nl_before: bool) {
        let depth = self.stack.len();
        self.out.push(Token {
            kind,
            start,
            end: self.pos,
            nl_before,
            depth,
        });
    }

    fn regex_allowed(&self) -> bool {
        let Some(prev) = self.out.last() else {
            return true;
        };
        let text = self.src.get(prev.start..prev.end).unwrap_or("");
        match prev.kind {
            Kind::Word => REGEX_AFTER_WORDS.contains(&text),
            Kind::Number | Kind::Str | Kind::Regex => false,
            // A template piece ending in `${` starts an expression; one ending in `` ` `` is a value.
            Kind::Template => text.ends_with("${"),
            Kind::Punct => !matches!(text, ")" | "]" | "++" | "--"),
        }
    }

    /// Skips whitespace and comments; returns whether a line terminator was crossed, or None
    /// on an unterminated comment.
    fn skip_trivia(&mut self) -> Option<bool> {
        let mut nl = false;
        while let Some(c) = self.peek() {
            if is_line_terminator(c) {
                nl = true;
                self.bump();
            } else if c.is_whitespace() || c == '\u{feff}' {
                self.bump();
            } else if c == '/' && self.peek_at(1) == Some(b'/') {
                while let Some(c) = self.peek() {
                    if is_line_terminator(c) {
                        break;
                    }
                    self.bump();
                }
            } else if c == '/' && self.peek_at(1) == Some(b'*') {
                let rest = self.src.get(self.pos + 2..)?;
                let end = rest.find("*/")?;
                let body = rest.get(..end)?;
                if body.chars().any(is_line_terminator) {
                    nl = true;
                }
                self.pos += 2 + end + 2;
            } else if c == '<'
                && self
                    .src
                    .get(self.pos..)
                    .is_some_and(|s| s.starts_with("<!--"))
            {
                // Annex B HTML-like comment, seen in very old PAC files.
                while let Some(c) = self.peek() {
                    if is_line_terminator(c) {
                        break;
                    }
                    self.bump();
                }
            } else {
                break;
            }
        }
        Some(nl)
    }

    fn run(mut self) -> Vec<Token> {
        while let Some(nl) = self.skip_trivia() {
            let start = self.pos;
            let Some(c) = self.peek() else { break };
            let ok = if is_id_start(c) || c == '#' {
                self.bump();
                while self.peek().is_some_and(is_id_continue) {
                    self.bump();
                }
                self.push(Kind::Word, start, nl);
                true
            } else if c.is_ascii_digit()
                || (c == '.' && self.peek_at(1).is_some_and(|b| b.is_ascii_digit()))
            {
                self.number(start, nl);
                true
            } else if c == '"' || c == '\'' {
                self.string(c, start, nl)
            } else if c == '`' {
                self.bump();
                self.template(start, nl)
            } else if c == '/' && self.regex_allowed() {
                self.regex(start, nl)
            } else {
                self.punct(c, start, nl)
            };
            if !ok {
                break;
            }
        }
        self.out
    }

    fn number(&mut self, start: usize, nl: bool) {
        while let Some(c) = self.peek() {
            let exp_sign = (c == '+' || c == '-')
                && self.src.get(start..self.pos).is_some_and(|s| {
                    s.ends_with(['e', 'E']) && !s.starts_with("0x") && !s.starts_with("0X")
                });
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' || exp_sign {
                self.bump();
            } else {
                break;
            }
        }
        self.push(Kind::Number, start, nl);
    }

    fn string(&mut self, quote: char, start: usize, nl: bool) -> bool {
        self.bump();
        loop {
            match self.bump() {
                None => return false,
                Some('\\') => {
                    self.bump();
                }
                Some(c) if c == quote => break,
                Some('\n' | '\r') => return false,
                Some(_) => {}
            }
        }
        self.push(Kind::Str, start, nl);
        true
    }

    /// Scans a template piece after `` ` `` or the `}` closing a substitution.
    fn template(&mut self, start: usize, nl: bool) -> bool {
        loop {
            match self.bump() {
                None => return false,
                Some('\\') => {
                    self.bump();
                }
                Some('`') => break,
                Some('$') if self.peek() == Some('{') => {
                    self.bump();
                    self.stack.push(Open::TemplateSubst);
                    // Depth recorded for the piece is the depth inside the substitution.
                    self.push(Kind::Template, start, nl);
                    return true;
                }
                Some(_) => {}
            }
        }
        self.push(Kind::Template, start, nl);
        true
    }

    fn regex(&mut self, start: usize, nl: bool) -> bool {
        self.bump();
        let mut in_class = false;
        loop {
            match self.bump() {
                None | Some('\n' | '\r' | '\u{2028}' | '\u{2029}') => return false,
                Some('\\') => {
                    self.bump();
                }
                Some('[') => in_class = true,
                Some(']') => in_class = false,
                Some('/') if !in_class => break,
                Some(_) => {}
            }
        }
        while self.peek().is_some_and(is_id_continue) {
            self.bump();
        }
        self.push(Kind::Regex, start, nl);
        true
    }

    fn punct(&mut self, c: char, start: usize, nl: bool) -> bool {
        match c {
            '(' | '[' | '{' => {
                self.bump();
                self.push(Kind::Punct, start, nl);
                self.stack.push(Open::Bracket);
                return true;
            }
            ')' | ']' => {
                self.bump();
                self.stack.pop();
                self.push(Kind::Punct, start, nl);
                return true;
            }
            '}' => {
                if self.stack.last() == Some(&Open::TemplateSubst) {
                    self.stack.pop();
                    self.bump();
                    return self.template(start, nl);
                }
                self.bump();
                self.stack.pop();
                self.push(Kind::Punct, start, nl);
                return true;
            }
            _ => {}
        }
        let rest = self.src.get(self.pos..).unwrap_or("");
        // `?.` followed by a digit is a conditional and a number, not optional chaining.
        let found = PUNCTS.iter().find(|p| {
            rest.starts_with(**p)
                && !(**p == "?." && rest.as_bytes().get(2).is_some_and(|b| b.is_ascii_digit()))
        });
        match found {
            Some(p) => self.pos += p.len(),
            None => {
                if self.bump().is_none() {
                    return false;
                }
            }
        }
        self.push(Kind::Punct, start, nl);
        true
    }
}

impl Token {
    /// The token's text.
    pub(crate) fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        tokenize(src)
            .iter()
            .map(|t| t.text(src).to_string())
            .collect()
    }

    #[test]
    fn strings_comments_regex_are_single_tokens() {
        let src = "var a = 'return (' + /re(turn/g; // return {\n/* ( */ b = a / 2 / c;";
        assert_eq!(
            texts(src),
            [
                "var",
                "a",
                "=",
                "'return ('",
                "+",
                "/re(turn/g",
                ";",
                "b",
                "=",
                "a",
                "/",
                "2",
                "/",
                "c",
                ";"
            ]
        );
        let toks = tokenize(src);
        assert!(toks[7].nl_before);
        assert!(!toks[6].nl_before);
    }

    #[test]
    fn templates_with_substitutions() {
        let src = "x = `a ${ {b: 1}.b } c ${d}`; return";
        assert_eq!(
            texts(src),
            [
                "x", "=", "`a ${", "{", "b", ":", "1", "}", ".", "b", "} c ${", "d", "}`", ";",
                "return"
            ]
        );
        // Back at depth 0 after the template.
        assert_eq!(tokenize(src).last().map(|t| t.depth), Some(0));
    }

    #[test]
    fn depth_is_tracked() {
        let toks = tokenize("f((a[1]))");
        let depths: Vec<usize> = toks.iter().map(|t| t.depth).collect();
        assert_eq!(depths, [0, 0, 1, 2, 2, 3, 2, 1, 0]);
    }

    #[test]
    fn regex_with_class_and_slash() {
        assert_eq!(
            texts("if (/[/]x/.test(h)) y"),
            ["if", "(", "/[/]x/", ".", "test", "(", "h", ")", ")", "y"]
        );
    }

    #[test]
    fn unterminated_input_stops_quietly() {
        assert_eq!(texts("a 'b"), ["a"]);
        assert_eq!(texts("a /* b"), ["a"]);
        assert_eq!(texts("a `b"), ["a"]);
    }

    #[test]
    fn numbers_and_punctuators() {
        assert_eq!(
            texts("a>>>=1e+5?.5:x?.y"),
            ["a", ">>>=", "1e+5", "?", ".5", ":", "x", "?.", "y"]
        );
    }
}
