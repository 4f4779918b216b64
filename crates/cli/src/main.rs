//! The `netdiag` command line: the same core as the page, for terminals and CI scripts.
//!
//! `main` only dispatches. Each command lives in its own module with an `Args` struct (clap
//! derive) and a `run(args) -> u8` returning the exit status; to add a command, add a module,
//! a variant below and one match arm.

mod compare_cmd;
mod diagnose_cmd;
mod pac_diff;
mod pac_env;
mod pac_eval;
mod pac_lint;
mod parse_cmd;
mod share_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Troubleshoot proxy forwarding: PAC files, tunnels and VPNs.
#[derive(Debug, Parser)]
#[command(name = "netdiag", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with PAC (proxy auto-config) files.
    #[command(subcommand)]
    Pac(PacCommand),
    /// Share links: encode a state JSON into a `#v1=` link, decode a link back.
    #[command(subcommand)]
    Share(share_cmd::ShareCommand),
    /// Remove secrets (keys, passwords, communities, tokens) from a config or output.
    Redact(share_cmd::RedactArgs),
    /// Detect and parse pasted device outputs (every block: kind, lines, typed records).
    Parse(parse_cmd::Args),
    /// Diagnose pasted outputs, PAC results and browser checks: findings with evidence and
    /// actions (exit 1 on an error finding).
    Diagnose(diagnose_cmd::Args),
    /// Compare two IPsec peers' configurations, or one against Zscaler's supported parameters.
    Compare(compare_cmd::Args),
}

#[derive(Debug, Subcommand)]
enum PacCommand {
    /// Evaluate test URLs against a PAC file in a deterministic environment.
    Eval(pac_eval::Args),
    /// Check a PAC file for mistakes (findings; exit 1 on an error finding: a CI gate).
    Lint(pac_lint::Args),
    /// Compare two PAC versions: the URLs whose answer changed (exit 1 when any did).
    Diff(pac_diff::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Pac(PacCommand::Eval(args)) => pac_eval::run(args),
        Command::Share(cmd) => share_cmd::run(cmd),
        Command::Redact(args) => share_cmd::run_redact(args),
        Command::Parse(args) => parse_cmd::run(args),
        Command::Diagnose(args) => diagnose_cmd::run(args),
        Command::Compare(args) => compare_cmd::run(args),
        Command::Pac(PacCommand::Lint(args)) => pac_lint::run(args),
        Command::Pac(PacCommand::Diff(args)) => pac_diff::run(args),
    };
    ExitCode::from(status)
}
