//! `netdiag pac lint`: check a PAC file for mistakes; a CI gate.
//!
//! Exit status: 0 no finding at or above `--fail-on` (default: error), 1 such a finding,
//! 2 unusable input (unreadable file, bad flag, or a PAC that cannot be parsed at all: the
//! syntax error is still printed as a finding). stdout carries only the report.

use std::sync::mpsc;
use std::time::Duration;

use clap::ValueEnum;
use netdiag_core::pac_review::{LintOptions, LintReport};
use netdiag_core::{Finding, Severity};

use crate::pac_eval::read_source;

/// Exit status: a finding at or above the `--fail-on` level.
const FAILED: u8 = 1;
/// Exit status: the input is unusable.
pub(crate) const UNUSABLE: u8 = 2;

/// Output format of the review commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    /// Human-readable, one block per item (compiler-style `file:line:` for findings).
    Table,
    /// One JSON object: the page's and wasm API's schema.
    Json,
}

/// The lowest severity that fails the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Error findings fail (default).
    Error,
    /// Errors and warnings fail.
    Warning,
    /// Any finding fails.
    Info,
    /// Never fail on findings (exit 0 unless the input is unusable).
    Never,
}

/// Check a PAC file for mistakes: syntax and entry point, malformed answers, DNS lookups on
/// every request, too-broad host patterns, no DIRECT fallback, IdP and internal destinations
/// sent to the proxy, unreachable rules, time/client-IP rules, size, risky regexes.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag pac lint proxy.pac
  netdiag pac lint proxy.pac --idp sso.example.com --idp '*.idp.example' --format json
  netdiag pac lint proxy.pac --fail-on warning     # stricter CI gate

The checks are documented in crates/pac/LINT.md.
Exit status: 0 no finding at or above --fail-on, 1 such a finding, 2 unusable input.")]
pub struct Args {
    /// PAC file to lint, or `-` to read it from standard input.
    #[arg(value_name = "PACFILE")]
    pacfile: String,

    /// Identity-provider / authentication domain that must bypass the proxy, added to the
    /// preset (repeatable). `*.example.com` means any host under it, `adfs.` any host whose
    /// first label is `adfs`.
    #[arg(long = "idp", value_name = "DOMAIN")]
    idp: Vec<String>,

    /// Do not use the preset IdP list (only the --idp domains).
    #[arg(long)]
    no_default_idp: bool,

    /// Size in bytes above which PacTooLarge fires.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<usize>,

    /// Statement count above which PacTooLarge fires.
    #[arg(long, value_name = "N")]
    max_statements: Option<usize>,

    /// Lowest finding severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Table)]
    format: ReviewFormat,

    /// Give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,
}

/// Runs the command; returns the exit status.
pub fn run(args: Args) -> u8 {
    let source = match read_source(&args.pacfile) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("netdiag pac lint: {msg}");
            return UNUSABLE;
        }
    };
    let mut opts = LintOptions::default();
    if args.no_default_idp {
        opts.idp_domains.clear();
    }
    opts.extra_idp_domains = args.idp.iter().map(|d| d.trim().to_string()).collect();
    if let Some(n) = args.max_bytes {
        opts.max_bytes = n;
    }
    if let Some(n) = args.max_statements {
        opts.max_statements = n;
    }
    let report = match bounded("netdiag pac lint", args.timeout, move || {
        netdiag_pac::lint::lint(&source, &opts)
    }) {
        Ok(r) => r,
        Err(status) => return status,
    };
    match args.format {
        ReviewFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("netdiag pac lint: cannot encode the report: {e}");
                return UNUSABLE;
            }
        },
        ReviewFormat::Table => print!("{}", text(&args.pacfile, &report)),
    }
    status(&report, args.fail_on)
}

fn status(report: &LintReport, fail_on: FailOn) -> u8 {
    let unparsable = report
        .findings
        .iter()
        .any(|f| f.id == "PacSyntaxError" || f.id == "PacTooDeep");
    if unparsable {
        return UNUSABLE;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return 0,
    };
    // Severity orders Error < Warning < Info.
    if report.findings.iter().any(|f| f.severity <= threshold) {
        FAILED
    } else {
        0
    }
}

/// Runs `work` on a thread with a big stack (boa) and gives up after `timeout` seconds.
pub(crate) fn bounded<T: Send + 'static>(
    cmd: &str,
    timeout: u64,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, u8> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pac-review".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(work());
        });
    if let Err(e) = spawned {
        eprintln!("{cmd}: cannot start the worker thread: {e}");
        return Err(UNUSABLE);
    }
    match rx.recv_timeout(Duration::from_secs(timeout.max(1))) {
        Ok(r) => Ok(r),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            eprintln!("{cmd}: did not finish within {timeout} s");
            Err(UNUSABLE)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            eprintln!("{cmd}: stopped unexpectedly");
            Err(UNUSABLE)
        }
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Compiler-style text: `file:line: severity [Id] summary`, the quoted lines, the actions.
fn text(file: &str, report: &LintReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        finding_text(file, f, &mut out);
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "{file}: {} error(s), {} warning(s), {} note(s)\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    out
}

fn finding_text(file: &str, f: &Finding, out: &mut String) {
    let line = f
        .evidence
        .first()
        .map_or_else(String::new, |e| format!("{}:", e.lines.start));
    out.push_str(&format!(
        "{file}:{line} {} [{}] {}\n",
        severity_name(f.severity),
        f.id,
        f.summary
    ));
    for e in f.evidence.iter().take(5) {
        for (i, l) in e.text.lines().enumerate() {
            let n = e.lines.start + u32::try_from(i).unwrap_or(0);
            if l == "…" {
                out.push_str("      | …\n");
            } else {
                out.push_str(&format!("{n:>5} | {l}\n"));
            }
        }
    }
    if f.evidence.len() > 5 {
        out.push_str(&format!(
            "      | and {} more place(s)\n",
            f.evidence.len() - 5
        ));
    }
    for a in &f.actions {
        out.push_str(&format!("  = fix: {}\n", a.text));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use netdiag_core::{Evidence, LineSpan};

    fn finding(id: &str, severity: Severity) -> Finding {
        Finding {
            id: id.into(),
            severity,
            summary: "s".into(),
            detail: String::new(),
            evidence: vec![Evidence {
                block: "pac".into(),
                lines: LineSpan::new(3, 4),
                text: "a\nb".into(),
                source: None,
            }],
            actions: vec![],
            confidence: 1.0,
        }
    }

    #[test]
    fn exit_status_follows_fail_on() {
        let warn = LintReport {
            findings: vec![finding("PacPatternTooBroad", Severity::Warning)],
        };
        assert_eq!(status(&warn, FailOn::Error), 0);
        assert_eq!(status(&warn, FailOn::Warning), FAILED);
        assert_eq!(status(&warn, FailOn::Never), 0);
        let err = LintReport {
            findings: vec![finding("PacMalformedReturn", Severity::Error)],
        };
        assert_eq!(status(&err, FailOn::Error), FAILED);
        let syntax = LintReport {
            findings: vec![finding("PacSyntaxError", Severity::Error)],
        };
        assert_eq!(status(&syntax, FailOn::Never), UNUSABLE);
    }

    #[test]
    fn text_is_compiler_style() {
        let r = LintReport {
            findings: vec![finding("PacMalformedReturn", Severity::Error)],
        };
        let t = text("p.pac", &r);
        assert!(
            t.starts_with("p.pac:3: error [PacMalformedReturn] s\n"),
            "{t}"
        );
        assert!(t.contains("    4 | b\n"), "{t}");
        assert!(
            t.ends_with("p.pac: 1 error(s), 0 warning(s), 0 note(s)\n"),
            "{t}"
        );
    }
}
