//! Long operator chains (`a || b || ...`, `+`, `?:`, `=`, `.`, `else if`) recurse in boa's
//! parser and compiler and in the lint's AST walkers: past a few hundred links they overflow
//! the 1 MiB wasm stack and trap the module. They must be refused as `too_deep`, naming the
//! line, before boa parses; ordinary chains must still work.
//!
//! Refused sources are evaluated on a thread with a 1 MiB stack (the wasm stack size): if the
//! guard let one through to boa, the debug build would overflow and abort the test binary.
//! Accepted ones get a large stack, as debug-build frames are many times larger than the
//! release wasm's; `tests/hardening.test.mjs` runs the limits in the real wasm build.

use netdiag_core::pac::{PacEnv, PacReport};
use netdiag_pac::lint::{LintOptions, lint};

fn env() -> PacEnv {
    PacEnv {
        now: Some("2026-01-15T09:30:00Z".into()),
        ..PacEnv::default()
    }
}

/// A PAC whose line 2 holds a chain of `n` links of `kind`.
fn chain(kind: &str, n: usize) -> String {
    let terms = |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>();
    let body = match kind {
        "or" => format!(
            "  if ({}) return 'DIRECT';",
            terms(&|i| format!("host == 'h{i}.example'")).join(" || ")
        ),
        "and" => format!(
            "  if ({}) return 'DIRECT';",
            terms(&|i| format!("host != 'h{i}.example'")).join(" && ")
        ),
        "plus" => format!("  var s = {};", terms(&|i| format!("'a{i}'")).join(" + ")),
        "ternary" => format!(
            "  return {}'PROXY p.example:8080';",
            terms(&|i| format!("host == 'h{i}.example' ? 'DIRECT' : ")).join("")
        ),
        "elseif" => terms(&|i| {
            let e = if i == 0 { "" } else { "else " };
            format!("  {e}if (host == 'h{i}.example') return 'DIRECT';")
        })
        .join("\n"),
        "assign" => format!("  var v; v{} = 1;", " = v".repeat(n)),
        "dot" => format!("  var s = 'x'{};", ".toString()".repeat(n)),
        "comma" => format!("  var s = ({});", terms(&|i| i.to_string()).join(", ")),
        other => panic!("unknown kind {other}"),
    };
    format!("function FindProxyForURL(url, host) {{\n{body}\n  return 'PROXY p.example:8080';\n}}")
}

const KINDS: [&str; 8] = [
    "or", "and", "plus", "ternary", "elseif", "assign", "dot", "comma",
];

/// Runs `f` on a thread with a `stack`-byte stack.
fn on_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

/// Evaluates on a small stack (`small`: source that must be refused) or a large one.
fn eval_on(small: bool, src: String) -> PacReport {
    let stack = if small { 1 << 20 } else { 256 << 20 };
    on_stack(stack, move || {
        netdiag_pac::evaluate(
            &src,
            &["http://h1.example/".into(), "http://other.example/".into()],
            &env(),
        )
    })
}

/// Evaluates source that must be accepted.
fn eval(src: String) -> PacReport {
    eval_on(false, src)
}

#[test]
fn long_chains_are_refused_before_parsing_with_the_line() {
    for kind in KINDS {
        for n in [1_000, 2_000, 20_000] {
            let report = eval_on(true, chain(kind, n));
            let err = report
                .error
                .unwrap_or_else(|| panic!("{kind} x{n}: accepted"));
            assert_eq!(err.kind, "too_deep", "{kind} x{n}: {err:?}");
            // The line where the limit is crossed: the chain's own line, or for `else if`
            // the link that crossed it.
            let line = err.line.unwrap_or(0);
            let expected = if kind == "elseif" { 100..200 } else { 2..3 };
            assert!(expected.contains(&line), "{kind} x{n}: {err:?}");
            assert!(
                err.message.contains(&format!("at line {line}")) && err.message.contains("chain"),
                "{kind} x{n}: {}",
                err.message
            );
        }
    }
}

#[test]
fn lint_refuses_the_same_chains_without_crashing() {
    for kind in KINDS {
        let src = chain(kind, 2_000);
        let report = on_stack(1 << 20, move || lint(&src, &LintOptions::default()));
        let f = report
            .findings
            .iter()
            .find(|f| f.id == "PacTooDeep")
            .unwrap_or_else(|| panic!("{kind}: no PacTooDeep"));
        assert!(f.summary.contains("chain"), "{kind}: {}", f.summary);
    }
}

#[test]
fn ordinary_chains_still_evaluate() {
    // Sizes hand-written and generated PACs use: well under the limit.
    for (kind, n) in [
        ("or", 100),
        ("and", 100),
        ("plus", 200),
        ("ternary", 40),
        ("elseif", 60),
        ("assign", 40),
        ("dot", 100),
        ("comma", 200),
    ] {
        let report = eval(chain(kind, n));
        assert!(report.error.is_none(), "{kind} x{n}: {:?}", report.error);
        assert!(
            report.results.iter().all(|r| r.error.is_none()),
            "{kind} x{n}: {:?}",
            report.results
        );
    }
    let report = eval(chain("or", 100));
    assert_eq!(report.results[0].result.as_deref(), Some("DIRECT"));
    assert_eq!(report.results[1].primary.as_deref(), Some("p.example:8080"));
}

#[test]
fn chains_split_into_statements_do_not_add_up() {
    // 2,000 separate `if` statements (the usual generated PAC) are fine: each chain is short.
    let body: String = (0..2_000)
        .map(|i| {
            format!("  if (host == 'h{i}.example' || host == 'w{i}.example') return 'DIRECT';\n")
        })
        .collect();
    let src = format!(
        "function FindProxyForURL(url, host) {{\n{body}  return 'PROXY p.example:8080';\n}}"
    );
    let report = eval(src);
    assert!(report.error.is_none(), "{:?}", report.error);
    assert_eq!(report.results[0].result.as_deref(), Some("DIRECT"));
    // Statements without semicolons too (automatic semicolon insertion).
    let body: String = (0..2_000)
        .map(|i| format!("  var a{i} = 1 + 2\n"))
        .collect();
    let src = format!("function FindProxyForURL(url, host) {{\n{body}  return 'DIRECT'\n}}");
    assert!(eval(src).error.is_none());
    // And a long object literal (lists are not chains).
    let entries: Vec<String> = (0..5_000).map(|i| format!("'h{i}.example': 1")).collect();
    let src = format!(
        "var t = {{{}}};\nfunction FindProxyForURL(url, host) {{ return t[host] ? 'DIRECT' : 'PROXY p.example:1'; }}",
        entries.join(", ")
    );
    let report = eval(src);
    assert!(report.error.is_none(), "{:?}", report.error);
    assert_eq!(report.results[0].result.as_deref(), Some("DIRECT"));
}

#[test]
fn the_engine_answers_after_a_refused_chain() {
    let bad = eval_on(true, chain("or", 1_000));
    assert_eq!(bad.error.map(|e| e.kind).as_deref(), Some("too_deep"));
    let good = eval(chain("or", 10));
    assert!(good.error.is_none());
    // Chains built at run time (eval) are refused the same way.
    let body =
        "if (host == 'h1.example') return eval('1' + ' || 1'.repeat(5000)) ? 'DIRECT' : 'x';";
    let src = format!(
        "function FindProxyForURL(url, host) {{\n  {body}\n  return 'PROXY p.example:8080';\n}}"
    );
    let report = eval(src);
    let err = report.results[0].error.clone().expect("refused");
    assert_eq!(err.kind, "too_deep", "{err:?}");
    assert_eq!(report.results[1].primary.as_deref(), Some("p.example:8080"));
}

/// The longest accepted chain of each kind, to check in the wasm build that it runs
/// (`cargo test -p netdiag-pac --test deep_chains -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_longest_accepted_chains() {
    for kind in KINDS {
        let (mut lo, mut hi) = (1usize, 5_000usize);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            let src = chain(kind, mid);
            let ok = on_stack(256 << 20, move || lint(&src, &LintOptions::default()))
                .findings
                .iter()
                .all(|f| f.id != "PacTooDeep");
            if ok { lo = mid } else { hi = mid }
        }
        println!("{kind} {lo}");
    }
}

#[test]
fn fifty_nested_parentheses_are_refused() {
    // Under the plain nesting limit (64) but enough to overflow the wasm parser (about 56).
    let src = format!(
        "function FindProxyForURL(url, host) {{\n  if ({}host == 'a'{}) return 'DIRECT';\n  return 'PROXY p.example:1';\n}}",
        "(".repeat(50),
        ")".repeat(50)
    );
    let err = eval_on(true, src).error.expect("refused");
    assert_eq!(
        (err.kind.as_str(), err.line),
        ("too_deep", Some(2)),
        "{err:?}"
    );
    // Thirty are fine.
    let src = format!(
        "function FindProxyForURL(url, host) {{\n  if ({}host == 'a'{}) return 'DIRECT';\n  return 'PROXY p.example:1';\n}}",
        "(".repeat(30),
        ")".repeat(30)
    );
    assert!(eval(src).error.is_none());
}
