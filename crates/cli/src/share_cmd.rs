//! `netdiag share encode|decode` and `netdiag redact`: share links and secret redaction from
//! the terminal, with the same core (and so the same links and markers) as the page.
//!
//! Exit status: 0 done, 2 unusable input (unreadable file, bad state JSON, bad link). Messages
//! and the redaction list go to stderr; stdout carries only the link, the state or the text.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::{Read, Write};

use clap::ValueEnum;
use netdiag_core::share::{
    AppState, IpMapping, RedactOptions, RedactionItem, decode_link, encode_link, link_info,
    redact_state, redact_text_with, state_from_json, state_to_json,
};

/// Exit status: the input is unusable.
const UNUSABLE: u8 = 2;

/// Share links: a page state in a URL fragment.
#[derive(Debug, clap::Subcommand)]
pub enum ShareCommand {
    /// Turn a state JSON file (the page's "Export JSON") into a `#v1=` link fragment.
    Encode(EncodeArgs),
    /// Print the state JSON carried by a link.
    Decode(DecodeArgs),
}

/// Turn a state JSON file into a link, redacting secrets first (unless --no-redact).
///
/// The link fragment (or the full link with --base) goes to stdout; what was redacted and the
/// length warnings (Teams about 28 KB, Slack 40,000 characters, browsers about 2 MB) go to
/// stderr.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag share encode state.json
  netdiag share encode state.json --anonymize-ips --base https://tools.example.com/netdiag.html

Exit status: 0 link written, 2 the state file is unreadable or invalid.")]
pub struct EncodeArgs {
    /// State JSON file, or `-` for standard input.
    #[arg(value_name = "STATE.json")]
    state: String,
    /// Keep secrets in the link (they are redacted by default).
    #[arg(long)]
    no_redact: bool,
    /// Rewrite IP addresses, prefix-preserving (not encryption).
    #[arg(long)]
    anonymize_ips: bool,
    /// Key for the IP mapping (default: a random key for this run; the same key gives the
    /// same mapping, e.g. for a link and a ticket made separately).
    #[arg(long, value_name = "KEY", requires = "anonymize_ips")]
    anonymize_key: Option<String>,
    /// Page address to put before the fragment, to print a complete link.
    #[arg(long, value_name = "URL")]
    base: Option<String>,
}

/// Print the state carried by a link as JSON.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Accepts a full link, a `#v1=...` fragment or the bare payload; `-` reads it \
from standard input.

Exit status: 0 state printed, 2 not a netdiag link, truncated, corrupted, too large or from a newer netdiag."
)]
pub struct DecodeArgs {
    /// The link, or `-` for standard input.
    #[arg(value_name = "LINK")]
    link: String,
}

/// Output format of `netdiag redact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The redacted text on stdout, the list of removed items on stderr.
    Text,
    /// `{text, items, ip_mappings}` as one JSON object on stdout.
    Json,
}

/// Remove secrets (pre-shared keys, passwords, enable secrets, SNMP communities, TACACS+/RADIUS
/// keys, private keys, tokens, URL credentials) from a config or output before sharing it.
///
/// Each secret is replaced by a `<redacted:KIND>` marker and the rest of the line is kept.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag redact running-config.txt > shareable.txt
  pbpaste | netdiag redact - --anonymize-ips

Exit status: 0 done, 2 the file is unreadable.")]
pub struct RedactArgs {
    /// Text file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    file: String,
    /// Also rewrite IP addresses, prefix-preserving (not encryption).
    #[arg(long)]
    anonymize_ips: bool,
    /// Key for the IP mapping (default: a random key for this run).
    #[arg(long, value_name = "KEY", requires = "anonymize_ips")]
    anonymize_key: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs `netdiag share ...`.
pub fn run(cmd: ShareCommand) -> u8 {
    match cmd {
        ShareCommand::Encode(args) => encode(args),
        ShareCommand::Decode(args) => decode(args),
    }
}

fn encode(args: EncodeArgs) -> u8 {
    let text = match read_input(&args.state) {
        Ok(t) => t,
        Err(e) => return fail(&format!("cannot read {}: {e}", args.state)),
    };
    let state = match state_from_json(&text) {
        Ok(s) => s,
        Err(e) => return fail(&format!("{}: not a netdiag state: {e}", args.state)),
    };
    let opts = RedactOptions {
        redact_secrets: !args.no_redact,
        anonymize_ips: args.anonymize_ips,
        anonymize_key: key_or_random(args.anonymize_key, args.anonymize_ips),
    };
    let shared: AppState = if opts.redact_secrets || opts.anonymize_ips {
        match redact_state(&state, &opts) {
            Ok(r) => {
                report(&r.items, &r.ip_mappings);
                r.state
            }
            Err(e) => return fail(&e.to_string()),
        }
    } else {
        eprintln!("warning: --no-redact: secrets in the state go into the link as they are");
        state
    };
    let fragment = match encode_link(&shared) {
        Ok(l) => l,
        Err(e) => return fail(&e.to_string()),
    };
    let link = match args.base.as_deref() {
        Some(base) => format!("{}{fragment}", base.split('#').next().unwrap_or(base)),
        None => fragment,
    };
    let info = link_info(link.len());
    eprintln!("link length: {} characters", info.length);
    for w in &info.warnings {
        eprintln!("warning: {w}");
    }
    println!("{link}");
    0
}

fn decode(args: DecodeArgs) -> u8 {
    let link = if args.link == "-" {
        match read_input("-") {
            Ok(t) => t,
            Err(e) => return fail(&format!("cannot read standard input: {e}")),
        }
    } else {
        args.link
    };
    match decode_link(&link).and_then(|s| state_to_json(&s)) {
        Ok(json) => {
            println!("{json}");
            0
        }
        Err(e) => fail(&format!("cannot open the link: {e}")),
    }
}

/// Runs `netdiag redact`.
pub fn run_redact(args: RedactArgs) -> u8 {
    let bytes = if args.file == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).map(|_| b)
    } else {
        std::fs::read(&args.file)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return fail(&format!("cannot read {}: {e}", args.file)),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "warning: {} is not valid UTF-8 (first bad byte at offset {}); bad bytes are \
                 written as U+FFFD",
                args.file,
                e.utf8_error().valid_up_to()
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let opts = RedactOptions {
        redact_secrets: true,
        anonymize_ips: args.anonymize_ips,
        anonymize_key: key_or_random(args.anonymize_key, args.anonymize_ips),
    };
    let r = redact_text_with(&text, &opts);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Text => {
            report(&r.items, &r.ip_mappings);
            out.write_all(r.text.as_bytes())
        }
        Format::Json => match serde_json::to_string_pretty(&r) {
            Ok(j) => writeln!(out, "{j}"),
            Err(e) => return fail(&e.to_string()),
        },
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => 0,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => fail(&format!("cannot write the output: {e}")),
    }
}

/// Lists what was removed and rewritten, on stderr.
fn report(items: &[RedactionItem], ips: &[IpMapping]) {
    if items.is_empty() {
        eprintln!("redacted: nothing (no secret recognised)");
    } else {
        eprintln!("redacted {} secret(s):", items.len());
    }
    for i in items {
        let field = if i.field.is_empty() {
            String::new()
        } else {
            format!("{} ", i.field)
        };
        eprintln!(
            "  {field}line {}: {} {} -> {}",
            i.line,
            i.kind.as_str(),
            i.original_preview,
            i.replacement
        );
    }
    if !ips.is_empty() {
        eprintln!(
            "anonymised {} address(es) (prefix-preserving; this is not encryption):",
            ips.len()
        );
        for m in ips {
            eprintln!("  {} -> {} ({}x)", m.original, m.replacement, m.count);
        }
    }
}

/// The key given, or a random one when anonymising without a key (so that the mapping cannot
/// be recomputed by someone who only has netdiag).
fn key_or_random(key: Option<String>, anonymize: bool) -> String {
    match key {
        Some(k) => k,
        None if anonymize => {
            let a = RandomState::new().hash_one(std::process::id());
            let b = RandomState::new().hash_one(std::time::SystemTime::now());
            format!("{a:016x}{b:016x}")
        }
        None => String::new(),
    }
}

fn read_input(path: &str) -> std::io::Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(path)
    }
}

fn fail(msg: &str) -> u8 {
    eprintln!("netdiag: {msg}");
    UNUSABLE
}
