//! # What it checks
//! Towards Zscaler: health probes whose URL is not the health URL
//! `gateway.<cloud>.net/vpntest`, and ICMP probes (allowed when the device cannot do HTTP
//! probes; reported as info).
//!
//! # Why it matters
//! Only the health URL proves the service edge forwards traffic; a probe to another target
//! can stay green while the tunnel is useless, or fail while it works.
//!
//! # How to fix
//! Probe `http://gateway.<cloud>.net/vpntest` through the tunnel.
//!
//! # References
//! Zscaler runbook "GRE Tunnel is Flapping" / "IPSec Tunnel Flapping" (health probes).

use crate::facts::Facts;
use crate::facts::net::ipv4;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "SlaProbeTarget",
    name: "probe_target",
    default_severity: Severity::Warning,
};

/// `(host, path)` of an http(s) URL.
fn split_url(url: &str) -> (String, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, String::new()), |(h, p)| (h, format!("/{p}")));
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    (host.to_ascii_lowercase(), path)
}

/// Findings for probes not aimed at the health URL.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.context.zscaler {
        return;
    }
    let expected = facts.context.cloud.as_ref().map(|c| format!("gateway.{c}"));
    let shown = expected
        .clone()
        .unwrap_or_else(|| "gateway.<cloud>.net".into());
    for p in &facts.sla_probes {
        let kind = p.kind.clone().unwrap_or_default().to_ascii_lowercase();
        if let Some(url) = &p.url {
            let (host, path) = split_url(url);
            let path_ok = path.trim_end_matches('/').ends_with("/vpntest");
            let host_ok = ipv4(&host).is_some()
                || match &expected {
                    Some(e) => host == *e,
                    None => host.starts_with("gateway."),
                };
            if path_ok && host_ok {
                continue;
            }
            draft(&META, format!("IP SLA {} probes {url}, not the health URL http://{shown}/vpntest", p.id))
                .detail("Zscaler recommends HTTP probes to gateway.<cloud>.net/vpntest through the tunnel; other targets do not prove the service edge forwards traffic.")
                .evidence(&p.at)
                .push(out);
        } else if kind.starts_with("icmp") {
            draft(&META, format!("IP SLA {} is an ICMP probe; HTTP probes to {shown}/vpntest are recommended", p.id))
                .severity(Severity::Info)
                .detail("ICMP probes are acceptable only when the device cannot run HTTP probes: they show reachability, not that the service edge forwards web traffic.")
                .evidence(&p.at)
                .push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Context, SlaProbe};
    use crate::rules::testing::{ev, ids, run};

    fn probe(kind: &str, url: Option<&str>) -> SlaProbe {
        SlaProbe {
            id: "1".into(),
            kind: Some(kind.into()),
            destination: None,
            url: url.map(String::from),
            return_code: Some("OK".into()),
            rtt_ms: None,
            successes: None,
            failures: None,
            at: ev(3, "ip sla 1"),
        }
    }

    fn zs(probes: Vec<SlaProbe>) -> Facts {
        Facts {
            sla_probes: probes,
            context: Context {
                zscaler: true,
                cloud: Some("zscalertwo.net".into()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn fires_on_other_url_and_icmp() {
        let out = run(
            check,
            &zs(vec![
                probe("http", Some("http://www.example.com/")),
                probe("icmp-echo", None),
            ]),
        );
        assert_eq!(ids(&out), ["SlaProbeTarget", "SlaProbeTarget"]);
        assert_eq!(out[1].severity, Severity::Info);
    }

    #[test]
    fn quiet_on_health_url() {
        assert!(
            run(
                check,
                &zs(vec![probe(
                    "http",
                    Some("http://gateway.zscalertwo.net/vpntest")
                )])
            )
            .is_empty()
        );
        let not_zs = Facts {
            sla_probes: vec![probe("http", Some("http://www.example.com/"))],
            ..Default::default()
        };
        assert!(run(check, &not_zs).is_empty());
    }
}
