//! The PAC environment options shared by `pac eval` and `pac diff` (`--dns`, `--dns-fail`,
//! `--my-ip`, `--now`, `--tz`, `--macro`, `--client`, `--keep-url`), flattened into each
//! command's clap `Args`, and their conversion to the `PacEnv` DTO the page also builds.

use std::collections::BTreeMap;

use clap::ValueEnum;
use netdiag_core::pac::{ClientProfile, PacEnv};

/// Which client's PAC behaviour to emulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Client {
    /// Chrome, Edge and other Chromium browsers (https:// stripping, implicit localhost bypass).
    Chromium,
    /// Firefox (https:// stripping, localhost bypass, no Microsoft IPv6 extensions).
    Firefox,
    /// Windows WinHTTP/WinINet (calls FindProxyForURLEx when defined, full URLs).
    Winhttp,
}

/// The deterministic environment a PAC runs in. No real DNS is done: hosts not given with
/// --dns do not resolve.
#[derive(Debug, Clone, clap::Args)]
pub struct EnvArgs {
    /// DNS answer: HOST resolves to these addresses (repeatable).
    #[arg(long = "dns", value_name = "HOST=IP[,IP]")]
    pub dns: Vec<String>,

    /// HOST does not resolve (repeatable). Hosts not given at all do not resolve either,
    /// but this records the intent.
    #[arg(long = "dns-fail", value_name = "HOST")]
    pub dns_fail: Vec<String>,

    /// Client address (repeatable): the first IPv4 one is myIpAddress(), all are myIpAddressEx().
    /// Default: none, so myIpAddress() returns 127.0.0.1 as browsers do when they cannot tell.
    #[arg(long = "my-ip", value_name = "IP")]
    pub my_ip: Vec<String>,

    /// Current time, RFC 3339 (default: the system clock).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,

    /// Time zone for local-time helpers: IANA name, UTC, or an offset like +02:00
    /// (default: the TZ environment variable, else UTC).
    #[arg(long, value_name = "IANA")]
    pub tz: Option<String>,

    /// Value of a ${NAME} macro in a Zscaler hosted PAC (repeatable).
    #[arg(long = "macro", value_name = "NAME=VALUE")]
    pub macros: Vec<String>,

    /// Client whose documented PAC behaviour to emulate.
    #[arg(long, value_enum, default_value_t = Client::Chromium)]
    pub client: Client,

    /// Pass URLs to the PAC unchanged (no https:// path and query stripping).
    #[arg(long)]
    pub keep_url: bool,
}

/// Splits `NAME=VALUE`, naming the flag in the error.
pub fn split_pair<'a>(flag: &str, s: &'a str) -> Result<(&'a str, &'a str), String> {
    s.split_once('=')
        .filter(|(k, _)| !k.trim().is_empty())
        .ok_or_else(|| format!("{flag} {s:?}: expected NAME=VALUE"))
}

impl EnvArgs {
    /// The `PacEnv`: DNS table, client addresses, clock (system time when absent), time zone
    /// (`TZ`, else UTC), macros, client and URL handling. `cmd` prefixes notes on stderr.
    pub fn build(&self, cmd: &str) -> Result<PacEnv, String> {
        let mut dns = BTreeMap::new();
        for d in &self.dns {
            let (host, ips) = split_pair("--dns", d)?;
            let list: Vec<String> = ips
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            dns.insert(
                host.trim().to_ascii_lowercase(),
                (!list.is_empty()).then_some(list),
            );
        }
        for h in &self.dns_fail {
            dns.insert(h.trim().to_ascii_lowercase(), None);
        }
        let mut macros = BTreeMap::new();
        for m in &self.macros {
            let (name, value) = split_pair("--macro", m)?;
            let name = name.trim().trim_start_matches("${").trim_end_matches('}');
            macros.insert(name.to_string(), value.to_string());
        }
        let now = match &self.now {
            Some(n) => n.clone(),
            None => jiff::Timestamp::now().to_string(),
        };
        let tz = match &self.tz {
            Some(t) => t.clone(),
            None => match std::env::var("TZ") {
                Ok(t) if netdiag_pac::parse_tz(&t).is_ok() => t,
                Ok(t) if !t.is_empty() => {
                    eprintln!(
                        "{cmd}: TZ={t:?} is not a time zone netdiag knows; using UTC (pass --tz)"
                    );
                    "UTC".into()
                }
                _ => "UTC".into(),
            },
        };
        Ok(PacEnv {
            dns,
            my_ip: self.my_ip.clone(),
            now: Some(now),
            tz: Some(tz),
            macros,
            client: match self.client {
                Client::Chromium => ClientProfile::Chromium,
                Client::Firefox => ClientProfile::Firefox,
                Client::Winhttp => ClientProfile::Winhttp,
            },
            keep_url: self.keep_url,
        })
    }
}
