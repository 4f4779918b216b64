//! Corpus run: every raw device output in `<repo>/../shared/corpus/device` is diagnosed.
//! Nothing may panic, every finding must carry evidence inside its paste, and samples that
//! show a healthy device must produce no error-severity finding.
//!
//! Some public samples capture real faults (they were collected to exercise parsers on
//! failure output). They are listed in [`FAULTY`] with the error ids they must produce and why,
//! so the list stays honest: a listed sample that stops producing its errors fails too.
//! When the corpus is absent (a checkout without `shared/`), the test prints SKIP and passes.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use netdiag_core::diagnose::{DiagnoseInput, diagnose};
use netdiag_core::finding::Severity;

/// `(path relative to corpus/device, error ids it must produce, why the sample is faulty)`.
const FAULTY: &[(&str, &[&str], &str)] = &[
    (
        "azure/vpn_troubleshoot_ikeerrors/azuredocs_IKEErrors_authfail_invalidpayload.txt",
        &["Authentication", "InvalidPayload"],
        "Azure docs sample of errors 13801 and 13843",
    ),
    (
        "azure/vpn_troubleshoot_ikeerrors/azuredocs_IKEErrors_quickmode_rejected.txt",
        &["IkePolicyMismatch"],
        "peer rejected quick mode: NO_PROPOSAL_CHOSEN",
    ),
    (
        "azure/vpn_troubleshoot_ikelogs/azuredocs_IKElogs_policy_mismatch.txt",
        &["IkePolicyMismatch"],
        "error 13868 and a Policy Mismatch notify",
    ),
    (
        "azure/vpn_troubleshoot_scrubbed_wfpdiag/azuredocs_Scrubbed-wfpdiag_authfail_snippet.txt",
        &["Authentication"],
        "wfpdiag main mode failure 0x35e9 (13801, credentials unacceptable)",
    ),
    (
        "cisco_ios/show_crypto_ipsec_sa_ipv6_detail/genie_iosxe_ShowCryptoIpsecSaIpv6Detailed_golden_output_1.txt",
        &["OneWayTraffic"],
        "two SAs with thousands of packets encapsulated and none decapsulated",
    ),
    (
        "cisco_ios/show_crypto_isakmp_sa/genie_iosxe_ShowCryptoIsakmpSa_golden_output_isakmp.txt",
        &["Phase1NotEstablished"],
        "peer 100.12.82.2 stuck in MM_NO_STATE",
    ),
    (
        "cisco_ios/show_crypto_isakmp_sa/genie_iosxe_ShowCryptoIsakmpSa_golden_output_isakmp_no_ipv4.txt",
        &["Phase1NotEstablished"],
        "IPv6 peer stuck in MM_NO_STATE",
    ),
    (
        "cisco_ios/show_crypto_isakmp_sa/genie_iosxe_ShowCryptoIsakmpSa_golden_output_isakmp_no_ipv6.txt",
        &["Phase1NotEstablished"],
        "peer stuck in MM_NO_STATE",
    ),
    (
        "cisco_ios/show_crypto_session_detail/ntc_cisco_ios_show_crypto_session_detail.txt",
        &["Phase1NotEstablished"],
        "two sessions DOWN-NEGOTIATING with inactive IKE SAs",
    ),
    (
        "cisco_ios/show_interfaces_tunnel/genie_iosxe_ShowInterfaces_golden_interface_output_10.txt",
        &["TunnelLineProtocolDown"],
        "lab tunnels up/down (no destination, source UNKNOWN, AURP)",
    ),
    (
        "cisco_ios/show_interfaces_tunnel/muninn_iosxe_003_tunnel_interfaces.txt",
        &["TunnelLineProtocolDown"],
        "same lab tunnels as the genie sample, up/down",
    ),
    (
        "cisco_ios/show_ip_sla_statistics/genie_iosxe_ShowIpSlaStatistics_golden_output_1.txt",
        &["SlaProbeTimeout"],
        "operation 1 return code Timeout, 0 successes, 27 failures",
    ),
    (
        "cisco_ios/show_ip_sla_statistics/genie_iosxe_ShowIpSlaStatistics_golden_output_2.txt",
        &["SlaProbeTimeout"],
        "operations with No connection / Socket connect error and failures",
    ),
    (
        "cisco_ios/show_ip_sla_summary/genie_iosxe_ShowIpSlaSummary_golden_output_1.txt",
        &["SlaProbeTimeout"],
        "operation 2 (dns) Timeout",
    ),
    (
        "cisco_ios/show_ip_sla_summary/genie_iosxe_ShowIpSlaSummary_golden_output_2.txt",
        &["SlaProbeTimeout"],
        "operation 102 NoConnection",
    ),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/device")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "LICENSES") {
                walk(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_diagnoses_without_panic_or_false_errors() {
    let root = corpus();
    if !root.is_dir() {
        println!(
            "SKIP: corpus not found at {} (needs <repo>/../shared/corpus/device)",
            root.display()
        );
        return;
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 50,
        "corpus looks incomplete: {} files",
        files.len()
    );
    let mut problems = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let r = match catch_unwind(AssertUnwindSafe(|| {
            diagnose(&DiagnoseInput::from_text(&text))
        })) {
            Ok(r) => r,
            Err(_) => {
                problems.push(format!("{rel}: panicked"));
                continue;
            }
        };
        let n_lines = text.split('\n').count() as u32;
        for f in &r.findings {
            if f.evidence.is_empty()
                || f.evidence
                    .iter()
                    .any(|e| e.lines.end > n_lines || e.lines.start == 0)
            {
                problems.push(format!("{rel}: {} has evidence outside the paste", f.id));
            }
        }
        let errors: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.id.as_str())
            .collect();
        match FAULTY.iter().find(|(p, _, _)| *p == rel) {
            Some((_, want, why)) => {
                for w in *want {
                    if !errors.contains(w) {
                        problems.push(format!("{rel}: expected error {w} ({why}), got {errors:?}"));
                    }
                }
                for e in &errors {
                    if !want.contains(e) {
                        problems.push(format!(
                            "{rel}: unexpected error {e} (listed as faulty for: {why})"
                        ));
                    }
                }
            }
            None => {
                if !errors.is_empty() {
                    let detail: Vec<String> = r
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .map(|f| format!("{}: {}", f.id, f.summary))
                        .collect();
                    problems.push(format!(
                        "{rel}: healthy sample gave error findings: {detail:?}"
                    ));
                }
            }
        }
    }
    for (p, _, _) in FAULTY {
        assert!(
            files.iter().any(|f| f.ends_with(p)),
            "FAULTY lists a missing sample: {p}"
        );
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    println!(
        "diagnosed {} corpus samples ({} known faulty)",
        files.len(),
        FAULTY.len()
    );
}
