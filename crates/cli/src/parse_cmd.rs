//! `netdiag parse`: detect and parse every block of pasted device output.
//!
//! Exit status: 0 parsed (unrecognised blocks are data, not errors), 2 the input is
//! unreadable. stdout carries only the report, so `--format json` can be piped.

use std::fmt::Write as _;
use std::io::Read;

use clap::ValueEnum;
use netdiag_core::parsers::{Block, ParseReport, parse_paste};
use serde_json::Value;

/// Exit status: the input is unusable.
const UNUSABLE: u8 = 2;
/// Widest cell in the table view.
const MAX_CELL: usize = 28;
/// Most columns shown per record table.
const MAX_COLUMNS: usize = 9;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Per block: kind, confidence, lines, record count, then a compact record table.
    Table,
    /// The report as one JSON object (the same schema as `window.netdiag.parse`).
    Json,
}

/// Detect what each block of a paste is (Cisco, ASA, Palo Alto, strongSwan, Azure,
/// Clavister, Linux/Windows tools...) and extract typed records with their line spans.
///
/// The paste may hold several commands with prompts, pager residue and other text; blocks no
/// parser recognises are listed as `unrecognised` with their lines.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag parse session.txt
  netdiag parse --format json session.txt | jq '.blocks[].kind'
  pbpaste | netdiag parse -

Exit status: 0 parsed, 2 the input is unreadable.")]
pub struct Args {
    /// File with pasted output, or `-` for standard input.
    #[arg(value_name = "FILE")]
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> u8 {
    let bytes = if args.file == "-" {
        let mut buf = Vec::new();
        match std::io::stdin().read_to_end(&mut buf) {
            Ok(_) => buf,
            Err(e) => {
                eprintln!("netdiag parse: cannot read standard input: {e}");
                return UNUSABLE;
            }
        }
    } else {
        match std::fs::read(&args.file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("netdiag parse: cannot read {}: {e}", args.file);
                return UNUSABLE;
            }
        }
    };
    // Pastes saved by Windows tools are not always UTF-8; keep every line rather than fail.
    let text = String::from_utf8_lossy(&bytes);
    let report = parse_paste(&text);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("netdiag parse: internal error serialising the report: {e}");
                return UNUSABLE;
            }
        },
        Format::Table => print!("{}", render_table(&report)),
    }
    0
}

/// The table view of a report.
pub fn render_table(report: &ParseReport) -> String {
    let mut out = String::new();
    if report.blocks.is_empty() {
        out.push_str("no blocks (empty input)\n");
    }
    for b in &report.blocks {
        render_block(&mut out, b);
    }
    for w in &report.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

fn render_block(out: &mut String, b: &Block) {
    let count = b.records.len();
    let _ = write!(
        out,
        "[{}] {}  confidence {:.2}  lines {}-{}  records {}",
        b.index, b.kind, b.confidence, b.lines.start, b.lines.end, count
    );
    if b.truncated {
        out.push_str("  TRUNCATED");
    }
    out.push('\n');
    if let Some(cmd) = &b.command {
        let _ = writeln!(
            out,
            "    command: {}{cmd}",
            b.prompt
                .as_deref()
                .map(|p| format!("{p}# "))
                .unwrap_or_default()
        );
    }
    if !b.alternatives.is_empty() {
        let alts: Vec<String> = b
            .alternatives
            .iter()
            .map(|a| format!("{} {:.2}", a.kind, a.confidence))
            .collect();
        let _ = writeln!(out, "    could also be: {}", alts.join(", "));
    }
    if let Some(e) = &b.error {
        let _ = writeln!(out, "    error: {e}");
    }
    if !b.skipped.is_empty() {
        let spans: Vec<String> = b
            .skipped
            .iter()
            .map(|s| {
                if s.start == s.end {
                    s.start.to_string()
                } else {
                    format!("{}-{}", s.start, s.end)
                }
            })
            .collect();
        let _ = writeln!(out, "    lines not understood: {}", spans.join(", "));
    }
    for w in &b.warnings {
        let _ = writeln!(out, "    note: {w}");
    }
    // Records in field declaration order (serde_json's map would sort the keys).
    let rows: Vec<Fields> = serde_json::to_string(&b.records)
        .ok()
        .and_then(|s| serde_json::from_str::<OneOrMany>(&s).ok())
        .map(|r| match r {
            OneOrMany::Many(v) => v,
            OneOrMany::One(f) => vec![f],
            OneOrMany::Nothing(_) => Vec::new(),
        })
        .unwrap_or_default();
    if !rows.is_empty() {
        render_rows(out, &rows);
    }
    out.push('\n');
}

/// A record's fields in the order they were serialised.
struct Fields(Vec<(String, Value)>);

impl Fields {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a record object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Fields, A::Error> {
                let mut v = Vec::new();
                while let Some((k, val)) = m.next_entry::<String, Value>()? {
                    v.push((k, val));
                }
                Ok(Fields(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// A block's records: a list of objects, one object, or anything else (null).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<Fields>),
    One(Fields),
    Nothing(serde::de::IgnoredAny),
}

/// A compact table: the record's lines, then the first scalar fields that have a value in
/// some record; nested lists show their length.
fn render_rows(out: &mut String, rows: &[Fields]) {
    let mut columns: Vec<&str> = Vec::new();
    if let Some(first) = rows.first() {
        for key in first.0.iter().map(|(k, _)| k.as_str()) {
            if key == "lines" || columns.len() >= MAX_COLUMNS {
                continue;
            }
            let useful = rows.iter().any(|r| match r.get(key) {
                None | Some(Value::Null) => false,
                Some(Value::Array(a)) => !a.is_empty(),
                Some(Value::Object(_)) => false,
                _ => true,
            });
            if useful {
                columns.push(key);
            }
        }
    }
    let mut table: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    let mut header = vec!["lines".to_owned()];
    header.extend(columns.iter().map(|c| (*c).to_owned()));
    table.push(header);
    for r in rows {
        let mut row = vec![match r.get("lines") {
            Some(Value::Array(a)) => match (a.first(), a.get(1)) {
                (Some(s), Some(e)) if s == e => s.to_string(),
                (Some(s), Some(e)) => format!("{s}-{e}"),
                _ => String::new(),
            },
            _ => String::new(),
        }];
        row.extend(columns.iter().map(|c| cell(r.get(c))));
        table.push(row);
    }
    let widths: Vec<usize> = (0..=columns.len())
        .map(|i| {
            table
                .iter()
                .filter_map(|r| r.get(i))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table {
        out.push_str("    ");
        for (i, c) in row.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let _ = write!(out, "{c:<w$}  ");
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
}

fn cell(v: Option<&Value>) -> String {
    let s = match v {
        None | Some(Value::Null) => "-".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => format!("[{}]", a.len()),
        Some(Value::Object(_)) => "{..}".to_owned(),
        Some(other) => other.to_string(),
    };
    if s.chars().count() > MAX_CELL {
        let cut: String = s.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        s
    }
}
