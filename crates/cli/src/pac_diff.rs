//! `netdiag pac diff`: compare two PAC versions over the same URLs and environment and list
//! only the URLs whose answer changed.
//!
//! Exit status: 0 nothing changed, 1 some URL's answer changed, 2 unusable input (unreadable
//! file, bad flag, or a version that cannot be evaluated at all). stdout carries only the report.

use netdiag_core::pac_review::{Answer, DiffReport};

use crate::pac_env::EnvArgs;
use crate::pac_eval::read_source;
use crate::pac_lint::{ReviewFormat, UNUSABLE, bounded};

/// Exit status: some answer changed.
const CHANGED: u8 = 1;

/// Compare two PAC versions: evaluate both over the same URLs (given, or generated from both
/// PACs: every host pattern and network they mention plus a few outside them) and the same
/// environment, and show only the URLs whose answer changed.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  netdiag pac diff old.pac new.pac                       # URLs generated from the PACs
  netdiag pac diff old.pac new.pac --urls-file urls.txt --macro GATEWAY=gw1.example.net
  git show HEAD~1:proxy.pac | netdiag pac diff - proxy.pac --format json

Exit status: 0 nothing changed, 1 some answer changed, 2 unusable input.")]
pub struct Args {
    /// The old PAC version, or `-` for standard input.
    #[arg(value_name = "OLD")]
    old: String,

    /// The new PAC version, or `-` for standard input.
    #[arg(value_name = "NEW")]
    new: String,

    /// A test URL (repeatable). Without --url and --urls-file the URLs are generated.
    #[arg(long = "url", value_name = "URL")]
    urls: Vec<String>,

    /// File with one test URL per line (blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    urls_file: Option<std::path::PathBuf>,

    /// Environment options (the same as `pac eval`).
    #[command(flatten)]
    env: EnvArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Table)]
    format: ReviewFormat,

    /// Give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    timeout: u64,
}

/// Runs the command; returns the exit status.
pub fn run(args: Args) -> u8 {
    let (old, new, urls) = match inputs(&args) {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("netdiag pac diff: {msg}");
            return UNUSABLE;
        }
    };
    let env = match args.env.build("netdiag pac diff") {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("netdiag pac diff: {msg}");
            return UNUSABLE;
        }
    };
    let report = match bounded("netdiag pac diff", args.timeout, move || {
        netdiag_pac::diff::diff(&old, &new, &urls, &env)
    }) {
        Ok(r) => r,
        Err(status) => return status,
    };
    match args.format {
        ReviewFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("netdiag pac diff: cannot encode the report: {e}");
                return UNUSABLE;
            }
        },
        ReviewFormat::Table => print!("{}", text(&report)),
    }
    for e in &report.errors {
        let file = if e.version == "old" {
            &args.old
        } else {
            &args.new
        };
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.clone(),
        };
        eprintln!(
            "netdiag pac diff: {at}: {} ({} version)",
            e.message, e.version
        );
    }
    if !report.errors.is_empty() {
        UNUSABLE
    } else if report.changed.is_empty() {
        0
    } else {
        CHANGED
    }
}

fn inputs(args: &Args) -> Result<(String, String, Vec<String>), String> {
    if args.old == "-" && args.new == "-" {
        return Err("only one of OLD and NEW can be `-` (standard input)".into());
    }
    let old = read_source(&args.old)?;
    let new = read_source(&args.new)?;
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
        if urls.is_empty() {
            return Err(format!("{} holds no URL", file.display()));
        }
    }
    Ok((old, new, urls))
}

fn answer(a: &Answer) -> String {
    match (&a.error, &a.result) {
        (Some(e), _) => format!("error: {e}"),
        (None, Some(r)) => r.clone(),
        (None, None) if a.bypass => "DIRECT (implicit)".into(),
        _ => "-".into(),
    }
}

fn rule(a: &Answer) -> String {
    a.rule
        .as_ref()
        .map_or_else(|| "-".into(), |p| format!("line {}", p.line))
}

fn opt(s: Option<&String>) -> &str {
    s.map_or("-", String::as_str)
}

/// One block per changed URL, then the counts.
fn text(report: &DiffReport) -> String {
    let mut out = String::new();
    for c in &report.changed {
        let flip = if c.bypass_flip { "  [BYPASS FLIP]" } else { "" };
        out.push_str(&format!("{}{flip}\n", c.url));
        out.push_str(&format!("  old: {}   ({})\n", answer(&c.old), rule(&c.old)));
        out.push_str(&format!("  new: {}   ({})\n", answer(&c.new), rule(&c.new)));
        if c.primary_changed {
            out.push_str(&format!(
                "  primary:   {} -> {}\n",
                opt(c.old.primary.as_ref()),
                opt(c.new.primary.as_ref())
            ));
        }
        if c.secondary_changed {
            out.push_str(&format!(
                "  secondary: {} -> {}\n",
                opt(c.old.secondary.as_ref()),
                opt(c.new.secondary.as_ref())
            ));
        }
        out.push('\n');
    }
    let flips = report.changed.iter().filter(|c| c.bypass_flip).count();
    out.push_str(&format!(
        "{} changed ({flips} bypass flip(s)), {} unchanged, of {} URL(s){}\n",
        report.changed.len(),
        report.unchanged,
        report.total,
        if report.generated_urls {
            " generated from the PACs"
        } else {
            ""
        }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use netdiag_core::pac_review::ChangedUrl;

    fn ans(result: &str, bypass: bool) -> Answer {
        Answer {
            result: Some(result.into()),
            primary: (!bypass).then(|| "p.example:80".into()),
            secondary: None,
            bypass,
            rule: None,
            error: None,
        }
    }

    #[test]
    fn text_marks_bypass_flips_and_counts() {
        let report = DiffReport {
            changed: vec![ChangedUrl {
                url: "https://www.okta.com/".into(),
                old: ans("PROXY p.example:80", false),
                new: ans("DIRECT", true),
                bypass_flip: true,
                primary_changed: true,
                secondary_changed: false,
            }],
            unchanged: 4,
            total: 5,
            generated_urls: true,
            urls: vec![],
            errors: vec![],
        };
        let t = text(&report);
        assert!(
            t.starts_with("https://www.okta.com/  [BYPASS FLIP]\n"),
            "{t}"
        );
        assert!(t.contains("  primary:   p.example:80 -> -\n"), "{t}");
        assert!(
            t.ends_with(
                "1 changed (1 bypass flip(s)), 4 unchanged, of 5 URL(s) generated from the PACs\n"
            ),
            "{t}"
        );
    }
}
