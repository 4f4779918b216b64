//! `netdiag diagnose`: findings from pasted device outputs, PAC results and browser checks.
//!
//! Exit status: 0 no error finding, 1 at least one error-severity finding, 2 the input is
//! unusable (unreadable file, bad JSON, nothing recognisable to diagnose). stdout carries only
//! the report, so `--format json` can be piped.

use std::io::Read;

use clap::ValueEnum;
use netdiag_core::checks::CheckResults;
use netdiag_core::diagnose::{
    DiagnoseInput, DiagnoseOptions, DiagnoseReport, diagnose, to_markdown,
};
use netdiag_core::facts::Paste;
use netdiag_core::finding::Severity;
use netdiag_core::pac::PacReport;

/// Exit status: an error-severity finding.
const FINDINGS: u8 = 1;
/// Exit status: the input is unusable.
const UNUSABLE: u8 = 2;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Ticket-ready Markdown: verdict, then each finding with evidence and actions.
    Md,
    /// `{"code", "findings": [...], ...}` — the schema of `window.netdiag.diagnose`.
    Json,
}

/// Diagnose pasted outputs (Cisco IOS/ASA, Azure VPN logs, Clavister, Linux/Windows tools,
/// configuration), PAC evaluation results and browser check results: each finding has an id,
/// a severity, the lines that prove it and the recommended actions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag diagnose router.txt
  netdiag diagnose r1.txt r2.txt --cloud zscalertwo --distance-km 900 --format json
  netdiag pac eval proxy.pac --url https://login.microsoftonline.com/ --format json > pac.json
  netdiag diagnose --pac-results pac.json --checks checks.json

Exit status: 0 no error finding, 1 error findings, 2 the input is unusable.")]
pub struct Args {
    /// Files with pasted output (`-` for standard input). Optional when --pac-results or
    /// --checks is given.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// PAC evaluation results (`netdiag pac eval --format json` output).
    #[arg(long, value_name = "JSON")]
    pac_results: Option<String>,
    /// Browser check results (the page's check export).
    #[arg(long, value_name = "JSON")]
    checks: Option<String>,
    /// Cloud name (e.g. `zscalertwo` or `zscalertwo.net`): enables the Zscaler rules and the
    /// gateway/login host checks.
    #[arg(long, value_name = "NAME")]
    cloud: Option<String>,
    /// Treat the peer as Zscaler even without --cloud.
    #[arg(long, conflicts_with = "not_zscaler")]
    zscaler: bool,
    /// Never apply the Zscaler rules (even when the paste mentions Zscaler).
    #[arg(long)]
    not_zscaler: bool,
    /// Distance to the service edge / peer in km, for the latency budget.
    #[arg(long, value_name = "KM")]
    distance_km: Option<f64>,
    /// Access-network allowance added to the latency budget, ms (default 10).
    #[arg(long, value_name = "MS")]
    latency_floor_ms: Option<f64>,
    /// An extra identity-provider domain that must bypass the proxy (repeatable).
    #[arg(long = "idp", value_name = "DOMAIN")]
    idp: Vec<String>,
    /// Reference time (RFC 3339) for certificate checks when no device clock is pasted.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
}

fn read(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    // Pastes from Windows tools are not always UTF-8: keep every line rather than fail.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn json<T: serde::de::DeserializeOwned>(path: &str, what: &str) -> Result<T, String> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{path}: not valid {what} JSON: {e} (line {}, column {})",
            e.line(),
            e.column()
        )
    })
}

fn input(args: &Args) -> Result<DiagnoseInput, String> {
    if args.files.is_empty() && args.pac_results.is_none() && args.checks.is_none() {
        return Err("nothing to diagnose: give a FILE, --pac-results or --checks".into());
    }
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err("standard input (-) can be given only once".into());
    }
    let mut pastes = Vec::new();
    for f in &args.files {
        pastes.push(Paste {
            name: Some(if f == "-" { "stdin".into() } else { f.clone() }),
            text: read(f)?,
        });
    }
    let pac: Option<PacReport> = args
        .pac_results
        .as_deref()
        .map(|p| json(p, "PAC results"))
        .transpose()?;
    let checks: Option<CheckResults> = args
        .checks
        .as_deref()
        .map(|p| json(p, "check results"))
        .transpose()?;
    if let Some(d) = args.distance_km
        && !(d.is_finite() && d >= 0.0)
    {
        return Err(format!(
            "--distance-km {d}: expected a distance in km (0 or more)"
        ));
    }
    let zscaler = if args.zscaler {
        Some(true)
    } else if args.not_zscaler {
        Some(false)
    } else {
        None
    };
    Ok(DiagnoseInput {
        pastes,
        pac,
        checks,
        options: DiagnoseOptions {
            cloud: args.cloud.clone(),
            zscaler,
            distance_km: args.distance_km,
            latency_floor_ms: args.latency_floor_ms,
            idp_domains: args.idp.clone(),
            now: args.now.clone(),
        },
    })
}

/// The exit status for a report.
pub fn status(r: &DiagnoseReport) -> u8 {
    if !r.usable {
        UNUSABLE
    } else if r.findings.iter().any(|f| f.severity == Severity::Error) {
        FINDINGS
    } else {
        0
    }
}

/// Runs the command; returns the exit status.
pub fn run(args: Args) -> u8 {
    let input = match input(&args) {
        Ok(i) => i,
        Err(msg) => {
            eprintln!("netdiag diagnose: {msg}");
            return UNUSABLE;
        }
    };
    let report = diagnose(&input);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("netdiag diagnose: internal error serialising the report: {e}");
                return UNUSABLE;
            }
        },
        Format::Md => print!("{}", to_markdown(&report)),
    }
    if !report.usable {
        eprintln!(
            "netdiag diagnose: nothing in the input could be diagnosed (no supported output recognised)"
        );
    }
    status(&report)
}
