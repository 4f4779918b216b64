//! `netdiag pac eval`: evaluate test URLs against a PAC file.
//!
//! Exit status: 0 every URL evaluated, 1 some URL errored, 2 the PAC or the arguments are
//! unusable (unreadable file, syntax error, no entry point, bad flag). Messages go to stderr;
//! stdout carries only the report, so scripts can pipe `--format json` safely.

use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use clap::ValueEnum;
use netdiag_core::pac::{EvaluatorKind, PacEnv, PacEvaluator, PacReport, UrlResult};
use netdiag_pac::{Limits, UrlInput};

use crate::pac_env::EnvArgs;

/// Exit status: some URL errored.
const SOME_FAILED: u8 = 1;
/// Exit status: the PAC or the arguments are unusable.
const UNUSABLE: u8 = 2;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One aligned row per URL, then warnings.
    Table,
    /// The full report as one JSON object (the page's and wasm API's schema).
    Json,
}

/// Evaluate test URLs against a PAC file, with DNS answers, client addresses, clock and time
/// zone set on the command line, and show the proxy chain, bypasses and deciding line.
///
/// No real DNS is done: hosts not given with --dns do not resolve.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag pac eval proxy.pac --url https://www.example.com/ --url http://intranet/
  netdiag pac eval hosted.pac --macro GATEWAY=gw1.example.net --macro SECONDARY_GATEWAY=gw2.example.net \\
      --urls-file urls.txt --format json
  curl -s http://wpad.example/wpad.dat | netdiag pac eval - --url http://x.example/ --dns x.example=192.0.2.10

Exit status: 0 all URLs evaluated, 1 some URL errored, 2 the PAC or the arguments are unusable.")]
pub struct Args {
    /// PAC file to evaluate, or `-` to read it from standard input.
    #[arg(value_name = "PACFILE")]
    pacfile: String,

    /// A test URL (repeatable).
    #[arg(long = "url", value_name = "URL")]
    urls: Vec<String>,

    /// File with one test URL per line (blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    urls_file: Option<PathBuf>,

    /// Host passed to the PAC instead of the one in the URL (needs exactly one URL).
    #[arg(long, value_name = "HOST")]
    host: Option<String>,

    /// Environment options (shared with `pac diff`).
    #[command(flatten)]
    env: EnvArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,

    /// Give up after this many seconds (a PAC stuck inside one built-in call, such as a
    /// catastrophic regular expression, cannot be stopped any other way).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,
}

/// Runs the command; returns the exit status.
pub fn run(args: Args) -> u8 {
    match prepare(&args) {
        Ok((source, inputs, env)) => evaluate(&args, source, inputs, env),
        Err(msg) => {
            eprintln!("netdiag pac eval: {msg}");
            UNUSABLE
        }
    }
}

pub(crate) fn read_source(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read the PAC from standard input: {e}"))?;
        Ok(s)
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        // PAC files are often Latin-1 or carry a BOM; never refuse them for encoding.
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(text.trim_start_matches('\u{feff}').to_string())
    }
}

fn prepare(args: &Args) -> Result<(String, Vec<UrlInput>, PacEnv), String> {
    let source = read_source(&args.pacfile)?;
    let mut urls = args.urls.clone();
    if let Some(file) = &args.urls_file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        urls.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    if urls.is_empty() {
        return Err("no test URL: give --url URL (repeatable) or --urls-file FILE".into());
    }
    if args.host.is_some() && urls.len() != 1 {
        return Err(format!("--host needs exactly one URL, got {}", urls.len()));
    }
    let inputs = urls
        .into_iter()
        .map(|url| UrlInput {
            url,
            host: args.host.clone(),
        })
        .collect();
    let env = args.env.build("netdiag pac eval")?;
    Ok((source, inputs, env))
}

fn evaluate(args: &Args, source: String, inputs: Vec<UrlInput>, env: PacEnv) -> u8 {
    let (tx, rx) = mpsc::channel();
    // A big stack for boa, and a thread we can walk away from if the PAC never returns.
    let spawned = std::thread::Builder::new()
        .name("pac-eval".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let report = netdiag_pac::evaluate_inputs(&source, &inputs, &env, Limits::default());
            let _ = tx.send(report);
        });
    if let Err(e) = spawned {
        eprintln!("netdiag pac eval: cannot start the evaluation thread: {e}");
        return UNUSABLE;
    }
    let report = match rx.recv_timeout(Duration::from_secs(args.timeout.max(1))) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            eprintln!(
                "netdiag pac eval: the PAC did not finish within {} s (stuck inside one built-in call, e.g. a catastrophic regular expression?)",
                args.timeout
            );
            return UNUSABLE;
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            eprintln!("netdiag pac eval: the evaluation stopped unexpectedly");
            return UNUSABLE;
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("netdiag pac eval: cannot encode the report: {e}");
                return UNUSABLE;
            }
        },
        Format::Table => print!("{}", table(&report)),
    }
    if let Some(e) = &report.error {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: ", args.pacfile),
            _ => format!("{}: ", args.pacfile),
        };
        eprintln!("netdiag pac eval: {at}{} ({})", e.message, e.kind);
        if let Some(line) = &e.source_line {
            eprintln!("    {line}");
        }
        return UNUSABLE;
    }
    if report.results.iter().any(|r| r.error.is_some()) {
        SOME_FAILED
    } else {
        0
    }
}

/// Cuts `s` to `max` characters with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn row(r: &UrlResult) -> Vec<String> {
    let answer = match (&r.result, &r.error, &r.bypass_reason) {
        (Some(a), _, _) => a.clone(),
        (None, None, Some(_)) => "DIRECT (implicit)".into(),
        _ => "-".into(),
    };
    let rule = r
        .rule
        .as_ref()
        .map_or_else(|| "-".into(), |p| format!("{}:{}", p.line, p.column));
    let error = r.error.as_ref().map_or_else(String::new, |e| {
        let at = e.line.map_or_else(String::new, |l| format!(" (line {l})"));
        format!("{}: {}{at}", e.kind, e.message)
    });
    vec![
        cut(&r.url, 50),
        cut(&answer, 60),
        r.primary.clone().unwrap_or_else(|| "-".into()),
        r.secondary.clone().unwrap_or_else(|| "-".into()),
        if r.bypass { "yes".into() } else { "no".into() },
        rule,
        r.dns_lookups.len().to_string(),
        cut(&error, 80),
    ]
}

/// Which evaluator answered, and why boa when it did.
fn evaluator_note(ev: &PacEvaluator) -> String {
    let mut note = match (ev.kind, &ev.fallback_reason) {
        (EvaluatorKind::NativeSubset, _) => {
            "evaluator: native subset (no JavaScript engine)".to_string()
        }
        (EvaluatorKind::Boa, Some(why)) => {
            format!("evaluator: boa (outside the native subset: {why})")
        }
        (EvaluatorKind::Boa, None) => "evaluator: boa".to_string(),
    };
    if ev.boa_urls > 0 {
        let why = ev
            .boa_url_reason
            .as_deref()
            .unwrap_or("a value the subset does not model");
        note.push_str(&format!(
            "; {} URL(s) evaluated by boa ({why})",
            ev.boa_urls
        ));
    }
    note
}

/// The readable table, then report and per-URL warnings.
fn table(report: &PacReport) -> String {
    let head: Vec<String> = [
        "URL",
        "ANSWER",
        "PRIMARY",
        "SECONDARY",
        "BYPASS",
        "RULE",
        "DNS",
        "ERROR",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let rows: Vec<Vec<String>> = std::iter::once(head)
        .chain(report.results.iter().map(row))
        .collect();
    let mut widths = vec![0usize; 8];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    let mut notes: Vec<String> = report
        .warnings
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    for r in &report.results {
        notes.extend(r.warnings.iter().map(|w| format!("{}: {w}", r.url)));
        notes.extend(r.alerts.iter().map(|a| format!("{}: alert: {a}", r.url)));
        if let Some(reason) = &r.bypass_reason {
            notes.push(format!("{}: {reason}", r.url));
        }
    }
    if let Some(entry) = &report.entry_point
        && entry != "FindProxyForURL"
    {
        notes.insert(0, format!("entry point: {entry}"));
    }
    if let Some(ev) = &report.evaluator {
        notes.insert(0, evaluator_note(ev));
    }
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            out.push_str(&n);
            out.push('\n');
        }
    }
    out
}
