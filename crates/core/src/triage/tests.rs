use std::collections::HashSet;

use super::*;
use crate::checks::CheckResults;
use crate::pac::PacReport;
use crate::parsers::PARSERS;
use crate::rules::catalogue;

const AREAS: [Area; 3] = [Area::Pac, Area::Gre, Area::Ipsec];
const SYMPTOMS: [Symptom; 3] = [Symptom::HardDown, Symptom::Flapping, Symptom::NoTraffic];

const ONE_WAY: &str = "R1#show crypto ipsec sa
interface: Tunnel1
    Crypto map tag: Tunnel1-head-0, local addr 192.0.2.1
   current_peer 203.0.113.2 port 500
    #pkts encaps: 1200, #pkts encrypt: 1200, #pkts digest: 1200
    #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0
";

const SLA_TIMEOUT: &str = "R1#show ip sla summary
IPSLAs Latest Operation Summary
Codes: * active, ^ inactive, ~ pending

ID           Type        Destination       Stats       ReturnCode  LastRun
-----------------------------------------------------------------------
*1           http        192.0.2.10        -           Timeout     7 seconds ago
";

fn impact(area: Area, symptom: Symptom) -> Impact {
    Impact { area, symptom }
}

fn step<'a>(r: &'a TriageReport, id: &str) -> &'a TriageStep {
    r.steps
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no step {id} in {:?}", r.impact))
}

fn all_defs() -> impl Iterator<Item = &'static StepDef> {
    CHECKLISTS.iter().flat_map(|c| c.steps.iter())
}

#[test]
fn every_impact_has_a_checklist_with_unique_step_ids() {
    for area in AREAS {
        for symptom in SYMPTOMS {
            let list = checklist(impact(area, symptom)).expect("a checklist");
            assert!(
                list.steps.len() >= 4,
                "{area:?} {symptom:?} has too few steps"
            );
            let ids: HashSet<&str> = list.steps.iter().map(|s| s.id).collect();
            assert_eq!(
                ids.len(),
                list.steps.len(),
                "duplicate step id in {area:?} {symptom:?}"
            );
        }
    }
    assert_eq!(CHECKLISTS.len(), 9);
}

#[test]
fn every_kind_and_finding_named_exists() {
    let kinds: HashSet<&str> = PARSERS.iter().map(|p| p.kind).collect();
    for def in all_defs() {
        for cover in def.cover {
            if let Cover::Blocks(list) = cover {
                for k in *list {
                    assert!(kinds.contains(k), "step {} names unknown kind {k}", def.id);
                }
            }
        }
        for id in def.findings {
            assert!(
                catalogue::entry(id).is_some(),
                "step {} names unknown finding {id}",
                def.id
            );
        }
        assert!(
            !def.collect.is_empty(),
            "step {} says nothing to collect",
            def.id
        );
    }
}

#[test]
fn nothing_pasted_leaves_every_coverable_step_open() {
    let r = triage(
        impact(Area::Gre, Symptom::HardDown),
        &DiagnoseInput::default(),
    );
    assert_eq!(r.covered, 0);
    assert!(
        r.steps
            .iter()
            .all(|s| matches!(s.status, StepStatus::Open | StepStatus::Manual))
    );
    assert_eq!(r.next.as_deref(), Some("vip_reach"));
    assert_eq!(step(&r, "nat").status, StepStatus::Manual);
    assert_eq!(r.coverable, r.steps.len() - 1);
    assert_eq!(r.source_uri, ZS_RUNBOOK);
}

#[test]
fn one_way_sa_ticks_the_counters_step_with_its_finding() {
    let r = triage(
        impact(Area::Ipsec, Symptom::NoTraffic),
        &DiagnoseInput::from_text(ONE_WAY),
    );
    let counters = step(&r, "counters");
    assert_eq!(counters.status, StepStatus::Problem);
    assert_eq!(
        counters.findings.first().map(|f| f.id.as_str()),
        Some("OneWayTraffic")
    );
    let ev = counters
        .evidence
        .first()
        .expect("the block is the evidence");
    assert_eq!(
        (ev.what.as_str(), ev.kind.as_str()),
        ("block", "cisco_ios.show_crypto_ipsec_sa")
    );
    assert_eq!(ev.lines, Some(LineSpan::new(1, 6)));
    // The same block covers the SA-count step, which shows no fault.
    assert_eq!(step(&r, "sa_limit").status, StepStatus::Covered);
    assert_eq!(step(&r, "routing").status, StepStatus::Manual);
    // `show` output is not configuration, even with `key: value` lines and `#` counters.
    assert!(
        step(&r, "selectors")
            .evidence
            .iter()
            .all(|e| e.what != "config"),
        "{:#?}",
        step(&r, "selectors")
    );
    assert!(r.covered >= 3);
    assert_eq!(
        r.next, None,
        "every coverable step has evidence: {:#?}",
        r.steps
    );
}

#[test]
fn sla_summary_ticks_the_probe_steps_of_a_flapping_tunnel() {
    let before = triage(
        impact(Area::Gre, Symptom::Flapping),
        &DiagnoseInput::default(),
    );
    assert_eq!(step(&before, "probes").status, StepStatus::Open);
    let r = triage(
        impact(Area::Gre, Symptom::Flapping),
        &DiagnoseInput::from_text(SLA_TIMEOUT),
    );
    let probes = step(&r, "probes");
    assert_ne!(probes.status, StepStatus::Open, "{probes:#?}");
    assert!(
        probes.findings.iter().any(|f| f.id == "SlaProbeTimeout"),
        "{probes:#?}"
    );
    // Statistics were not pasted: still open, and it is what to do next.
    assert_eq!(
        step(&r, "sla_stats").status,
        StepStatus::Problem,
        "the timeout finding relates to it"
    );
    assert_eq!(r.next.as_deref(), Some("path"));
}

#[test]
fn pac_results_and_checks_cover_their_steps() {
    let pac: PacReport = serde_json::from_value(serde_json::json!({
        "env": {}, "entry_point": "FindProxyForURL", "macros": [], "warnings": [], "error": null,
        "results": [{"url": "http://www.example.com/", "host": "www.example.com", "pac_url": "http://www.example.com/",
            "result": "PROXY gw.example.net:80; DIRECT", "entries": [], "primary": "gw.example.net:80", "secondary": null,
            "bypass": false, "bypass_reason": null, "fallback_direct": true, "rule": null, "dns_lookups": [],
            "alerts": [], "warnings": [], "error": null}]
    }))
    .expect("a PAC report");
    let checks: CheckResults = serde_json::from_value(serde_json::json!({
        "checks": [{"id": "gateway-https", "target": "https://gateway.zscaler.net/", "kind": "gateway",
            "verdict": "answered", "samples_ms": [20.0, 21.0], "stats": null, "budget_ms": null}]
    }))
    .expect("check results");
    let input = DiagnoseInput {
        pac: Some(pac),
        checks: Some(checks),
        ..Default::default()
    };
    let r = triage(impact(Area::Pac, Symptom::HardDown), &input);
    assert_eq!(step(&r, "pac_eval").status, StepStatus::Covered);
    assert_eq!(
        step(&r, "pac_eval")
            .evidence
            .first()
            .map(|e| e.what.as_str()),
        Some("pac")
    );
    let reach = step(&r, "reach_hosts");
    assert_eq!(reach.status, StepStatus::Covered);
    assert_eq!(
        reach.evidence.first().map(|e| e.block.as_str()),
        Some("check:gateway-https")
    );
    assert_eq!(step(&r, "pac_download").status, StepStatus::Open);
    assert_eq!(step(&r, "incidents").status, StepStatus::Manual);
}

#[test]
fn configuration_covers_the_parameter_step() {
    let config = "crypto ikev2 proposal P\n encryption aes-cbc-256\n integrity sha256\n group 14\n\
crypto ipsec transform-set TS esp-null esp-sha256-hmac\n\
crypto map VPN 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n";
    let r = triage(
        impact(Area::Ipsec, Symptom::HardDown),
        &DiagnoseInput::from_text(config),
    );
    let p = step(&r, "parameters");
    assert_ne!(p.status, StepStatus::Open, "{p:#?}");
    assert_eq!(p.evidence.first().map(|e| e.what.as_str()), Some("config"));
}

#[test]
fn cloud_name_fills_the_commands() {
    let mut input = DiagnoseInput::default();
    input.options.cloud = Some("zscalertwo".into());
    let r = triage(impact(Area::Pac, Symptom::HardDown), &input);
    let reach = step(&r, "reach_hosts");
    assert!(
        reach.title.contains("gateway.zscalertwo.net")
            || reach.title.contains("login. and gateway.zscalertwo.net"),
        "{}",
        reach.title
    );
    assert!(
        reach
            .collect
            .iter()
            .any(|c| c.text == "ping gateway.zscalertwo.net"),
        "{:#?}",
        reach.collect
    );
    let without = triage(
        impact(Area::Pac, Symptom::HardDown),
        &DiagnoseInput::default(),
    );
    assert!(
        step(&without, "reach_hosts")
            .collect
            .iter()
            .any(|c| c.text.contains("<cloud>"))
    );
}

#[test]
fn json_shape() {
    let i: Impact =
        serde_json::from_str(r#"{"area":"ipsec","symptom":"no_traffic"}"#).expect("impact");
    assert_eq!(i, impact(Area::Ipsec, Symptom::NoTraffic));
    assert!(serde_json::from_str::<Impact>(r#"{"area":"ssl","symptom":"flapping"}"#).is_err());
    let r = triage(i, &DiagnoseInput::from_text(ONE_WAY));
    let v = serde_json::to_value(&r).expect("serialises");
    assert_eq!(v["impact"]["symptom"], "no_traffic");
    assert_eq!(v["steps"][0]["status"], "problem");
    assert_eq!(v["steps"][0]["collect"][0]["kind"], "command");
    assert_eq!(
        v["steps"][0]["evidence"][0]["lines"],
        serde_json::json!([1, 6])
    );
    let back: TriageReport = serde_json::from_value(v).expect("round trip");
    assert_eq!(back, r);
}
