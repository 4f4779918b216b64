//! `netdiag compare`: side-by-side comparison of two IPsec peers' configurations, or of one
//! configuration against Zscaler's supported parameters.
//!
//! Exit status: 0 no mismatch, 1 at least one mismatch, 2 a side is unreadable. stdout
//! carries only the comparison.

use std::fmt::Write as _;
use std::io::Read;

use clap::ValueEnum;
use netdiag_core::compare::{
    Comparison, RowStatus, SideSummary, compare_texts, compare_with_zscaler,
};

/// Exit status: a mismatch was found.
const MISMATCH: u8 = 1;
/// Exit status: a side is unreadable.
const UNUSABLE: u8 = 2;
/// Widest value cell in the table.
const MAX_CELL: usize = 34;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table, explanations under the rows that need one.
    Table,
    /// The comparison as JSON (the schema of `window.netdiag.compare`).
    Json,
}

/// Compare the IPsec configuration of two peers (Cisco IOS crypto config, strongSwan
/// swanctl.conf or ipsec.conf, or the simple `key = value` form) parameter by parameter:
/// phase-1/phase-2 proposals, lifetimes, DH/PFS groups, identities, networks, NAT-T, DPD and
/// PSK type, with every mismatch explained. With --zscaler, compare one side against Zscaler's
/// supported IKEv1/IKEv2 parameters.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag compare branch-router.txt hq-swanctl.conf
  netdiag compare branch-router.txt --zscaler
  netdiag compare a.txt b.txt --format json

Simple form keys: name, version, mode, ike, ike_encryption, ike_integrity, ike_prf, dh_group,
ike_lifetime, auth, psk_type, local_id, remote_id, local_address, peer, esp, esp_encryption,
esp_integrity, pfs, esp_lifetime, local_networks, remote_networks, nat_t, dpd.

Exit status: 0 no mismatch, 1 mismatches, 2 a side is unreadable.")]
pub struct Args {
    /// Side A's configuration file (`-` for standard input).
    #[arg(value_name = "A")]
    a: String,
    /// Side B's configuration file (omit with --zscaler).
    #[arg(
        value_name = "B",
        required_unless_present = "zscaler",
        conflicts_with = "zscaler"
    )]
    b: Option<String>,
    /// Compare A against Zscaler's supported IKEv1/IKEv2 parameters.
    #[arg(long)]
    zscaler: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
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
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn cell(s: &str) -> String {
    if s.chars().count() <= MAX_CELL {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_CELL - 1).collect();
        t.push('…');
        t
    }
}

fn status_word(s: RowStatus) -> &'static str {
    match s {
        RowStatus::Match => "match",
        RowStatus::Mismatch => "MISMATCH",
        RowStatus::Warning => "warning",
        RowStatus::Info => "-",
    }
}

fn side(label: &str, s: &SideSummary) -> String {
    let mut out = format!(
        "{label}: {}",
        s.name.clone().unwrap_or_else(|| "(unnamed)".into())
    );
    if let Some(f) = s.format {
        let _ = write!(
            out,
            " [{}]",
            serde_json::to_value(f)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        );
    }
    if let Some(l) = &s.local_address {
        let _ = write!(out, " local {l}");
    }
    if let Some(p) = &s.peer_address {
        let _ = write!(out, " peer {p}");
    }
    out
}

/// The table view.
pub fn render_table(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n{}\n", side("A", &c.a), side("B", &c.b));
    let rows: Vec<[String; 5]> = c
        .rows
        .iter()
        .map(|r| {
            [
                r.section.clone(),
                r.parameter.clone(),
                cell(&r.a),
                cell(&r.b),
                status_word(r.status).to_string(),
            ]
        })
        .collect();
    let header = [
        "SECTION".to_string(),
        "PARAMETER".into(),
        "A".into(),
        "B".into(),
        "STATUS".into(),
    ];
    let mut widths = [0usize; 5];
    for r in rows.iter().chain(std::iter::once(&header)) {
        for (w, v) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(v.chars().count());
        }
    }
    let line = |r: &[String; 5]| {
        let mut s = String::new();
        for (i, (v, w)) in r.iter().zip(widths.iter()).enumerate() {
            if i + 1 == r.len() {
                s.push_str(v);
            } else {
                let _ = write!(s, "{v:<w$}  ");
            }
        }
        s
    };
    let _ = writeln!(out, "{}", line(&header));
    for (r, row) in c.rows.iter().zip(rows.iter()) {
        let _ = writeln!(out, "{}", line(row));
        if matches!(r.status, RowStatus::Mismatch | RowStatus::Warning) && !r.explanation.is_empty()
        {
            let lines = match (r.a_lines, r.b_lines) {
                (Some(a), Some(b)) => format!(" [A line {}, B line {}]", a.start, b.start),
                (Some(a), None) => format!(" [A line {}]", a.start),
                (None, Some(b)) => format!(" [B line {}]", b.start),
                (None, None) => String::new(),
            };
            let _ = writeln!(out, "    -> {}{lines}", r.explanation);
        }
    }
    let _ = writeln!(out, "\n{}", c.verdict);
    for (label, s) in [("A", &c.a), ("B", &c.b)] {
        for n in &s.notes {
            let _ = writeln!(out, "note ({label}): {n}");
        }
    }
    out
}

/// Runs the command; returns the exit status.
pub fn run(args: Args) -> u8 {
    let result = (|| -> Result<Comparison, String> {
        let a = read(&args.a)?;
        if args.zscaler {
            return compare_with_zscaler(&a).map_err(|e| e.to_string());
        }
        let b = read(args.b.as_deref().unwrap_or("-"))?;
        compare_texts(&a, &b).map_err(|e| e.to_string())
    })();
    let c = match result {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("netdiag compare: {msg}");
            return UNUSABLE;
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&c) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("netdiag compare: internal error serialising the comparison: {e}");
                return UNUSABLE;
            }
        },
        Format::Table => print!("{}", render_table(&c)),
    }
    if c.mismatches > 0 { MISMATCH } else { 0 }
}
