//! The parser registry: one row per `<platform>.<command>` kind, in a stable order.
//!
//! The detector asks every row's `detect` about the first [`DETECT_WINDOW`] lines of a block
//! (cheap string checks, no nom) and matches command echoes against `command_hint`; only the
//! chosen row's `parse` runs on the whole block. Adding a kind: see `parsers/README.md`.

use super::records::Records;
use super::{Confidence, Line, ParseError, Parsed};
use super::{
    azure, clavister, fortigate, juniper_srx, linux, paloalto, strongswan, windows, zscaler,
};
use super::{cisco_asa, cisco_ios, wrap};

/// How many lines of a block `detect` functions are shown.
pub const DETECT_WINDOW: usize = 40;

/// One registered parser.
#[derive(Debug, Clone, Copy)]
pub struct ParserEntry {
    /// `<platform>.<command>`, e.g. `cisco_ios.show_crypto_isakmp_sa`.
    pub kind: &'static str,
    /// Platform part of the kind, e.g. `cisco_ios`.
    pub platform: &'static str,
    /// Command echoes that identify this kind, full words, lower case (abbreviations such as
    /// `sh cry isa sa` match word by word).
    pub command_hint: &'static [&'static str],
    /// Cheap content check over at most [`DETECT_WINDOW`] lines.
    pub detect: fn(&[Line<'_>]) -> Option<Confidence>,
    /// The full parse of a block's lines.
    pub parse: fn(&[Line<'_>]) -> Result<Parsed<Records>, ParseError>,
}

/// Every parser, in a stable order (ties in detection go to the earlier row).
#[rustfmt::skip]
pub static PARSERS: &[ParserEntry] = &[
    // --- cisco_ios ---
    ParserEntry {
        kind: "cisco_ios.show_crypto_isakmp_sa",
        platform: "cisco_ios",
        command_hint: &["show crypto isakmp sa"],
        detect: cisco_ios::show_crypto_isakmp_sa::detect,
        parse: |l| wrap(cisco_ios::show_crypto_isakmp_sa::parse(l), Records::CiscoIosShowCryptoIsakmpSa),
    },
    ParserEntry {
        kind: "cisco_ios.show_crypto_ipsec_sa",
        platform: "cisco_ios",
        command_hint: &["show crypto ipsec sa"],
        detect: cisco_ios::show_crypto_ipsec_sa::detect,
        parse: |l| wrap(cisco_ios::show_crypto_ipsec_sa::parse(l), Records::CiscoIosShowCryptoIpsecSa),
    },
    ParserEntry {
        kind: "cisco_ios.show_crypto_ikev2_sa",
        platform: "cisco_ios",
        command_hint: &["show crypto ikev2 sa"],
        detect: cisco_ios::show_crypto_ikev2_sa::detect,
        parse: |l| wrap(cisco_ios::show_crypto_ikev2_sa::parse(l), Records::CiscoIosShowCryptoIkev2Sa),
    },
    ParserEntry {
        kind: "cisco_ios.show_crypto_session",
        platform: "cisco_ios",
        command_hint: &["show crypto session"],
        detect: cisco_ios::show_crypto_session::detect,
        parse: |l| wrap(cisco_ios::show_crypto_session::parse(l), Records::CiscoIosShowCryptoSession),
    },
    ParserEntry {
        kind: "cisco_ios.show_interfaces",
        platform: "cisco_ios",
        command_hint: &["show interfaces"],
        detect: cisco_ios::show_interfaces::detect,
        parse: |l| wrap(cisco_ios::show_interfaces::parse(l), Records::CiscoIosShowInterfaces),
    },
    ParserEntry {
        kind: "cisco_ios.show_ip_sla_summary",
        platform: "cisco_ios",
        command_hint: &["show ip sla summary"],
        detect: cisco_ios::show_ip_sla_summary::detect,
        parse: |l| wrap(cisco_ios::show_ip_sla_summary::parse(l), Records::CiscoIosShowIpSlaSummary),
    },
    ParserEntry {
        kind: "cisco_ios.show_ip_sla_statistics",
        platform: "cisco_ios",
        command_hint: &["show ip sla statistics", "show ip sla monitor statistics"],
        detect: cisco_ios::show_ip_sla_statistics::detect,
        parse: |l| wrap(cisco_ios::show_ip_sla_statistics::parse(l), Records::CiscoIosShowIpSlaStatistics),
    },
    ParserEntry {
        kind: "cisco_ios.running_config_interface",
        platform: "cisco_ios",
        command_hint: &["show running-config interface", "show running-config", "show startup-config"],
        detect: cisco_ios::running_config_interface::detect,
        parse: |l| wrap(cisco_ios::running_config_interface::parse(l), Records::CiscoIosRunningConfigInterface),
    },
    ParserEntry {
        kind: "cisco_ios.show_crypto_pki_certificates",
        platform: "cisco_ios",
        command_hint: &["show crypto pki certificates", "show crypto ca certificates"],
        detect: cisco_ios::show_crypto_pki_certificates::detect,
        parse: |l| wrap(cisco_ios::show_crypto_pki_certificates::parse(l), Records::CiscoIosShowCryptoPkiCertificates),
    },
    ParserEntry {
        kind: "cisco_ios.show_clock",
        platform: "cisco_ios",
        command_hint: &["show clock"],
        detect: cisco_ios::show_clock::detect,
        parse: |l| wrap(cisco_ios::show_clock::parse(l), Records::CiscoIosShowClock),
    },
    ParserEntry {
        kind: "cisco_ios.ping",
        platform: "cisco_ios",
        command_hint: &["ping"],
        detect: cisco_ios::ping::detect,
        parse: |l| wrap(cisco_ios::ping::parse(l), Records::CiscoIosPing),
    },
    ParserEntry {
        kind: "cisco_ios.traceroute",
        platform: "cisco_ios",
        command_hint: &["traceroute"],
        detect: cisco_ios::traceroute::detect,
        parse: |l| wrap(cisco_ios::traceroute::parse(l), Records::CiscoIosTraceroute),
    },
    ParserEntry {
        kind: "cisco_ios.show_dmvpn",
        platform: "cisco_ios",
        command_hint: &["show dmvpn"],
        detect: cisco_ios::show_dmvpn::detect,
        parse: |l| wrap(cisco_ios::show_dmvpn::parse(l), Records::CiscoIosShowDmvpn),
    },
    // --- cisco_asa ---
    ParserEntry {
        kind: "cisco_asa.show_crypto_ipsec_sa",
        platform: "cisco_asa",
        command_hint: &["show crypto ipsec sa"],
        detect: cisco_asa::show_crypto_ipsec_sa::detect,
        parse: |l| wrap(cisco_asa::show_crypto_ipsec_sa::parse(l), Records::CiscoAsaShowCryptoIpsecSa),
    },
    ParserEntry {
        kind: "cisco_asa.show_crypto_ikev2_sa",
        platform: "cisco_asa",
        command_hint: &["show crypto ikev2 sa"],
        detect: cisco_asa::show_crypto_ikev2_sa::detect,
        parse: |l| wrap(cisco_asa::show_crypto_ikev2_sa::parse(l), Records::CiscoAsaShowCryptoIkev2Sa),
    },
    // --- linux ---
    ParserEntry {
        kind: "linux.mtr_report",
        platform: "linux",
        command_hint: &["mtr"],
        detect: linux::mtr_report::detect,
        parse: |l| wrap(linux::mtr_report::parse(l), Records::LinuxMtrReport),
    },
    ParserEntry {
        kind: "linux.ping",
        platform: "linux",
        command_hint: &["ping", "ping6"],
        detect: linux::ping::detect,
        parse: |l| wrap(linux::ping::parse(l), Records::LinuxPing),
    },
    ParserEntry {
        kind: "linux.traceroute",
        platform: "linux",
        command_hint: &["traceroute", "traceroute6"],
        detect: linux::traceroute::detect,
        parse: |l| wrap(linux::traceroute::parse(l), Records::LinuxTraceroute),
    },
    ParserEntry {
        kind: "linux.telnet",
        platform: "linux",
        command_hint: &["telnet"],
        detect: linux::telnet::detect,
        parse: |l| wrap(linux::telnet::parse(l), Records::LinuxTelnet),
    },
    // --- windows ---
    ParserEntry {
        kind: "windows.winmtr_text",
        platform: "windows",
        command_hint: &[],
        detect: windows::winmtr_text::detect,
        parse: |l| wrap(windows::winmtr_text::parse(l), Records::WindowsWinmtrText),
    },
    ParserEntry {
        kind: "windows.ping",
        platform: "windows",
        command_hint: &["ping"],
        detect: windows::ping::detect,
        parse: |l| wrap(windows::ping::parse(l), Records::WindowsPing),
    },
    ParserEntry {
        kind: "windows.tracert",
        platform: "windows",
        command_hint: &["tracert"],
        detect: windows::tracert::detect,
        parse: |l| wrap(windows::tracert::parse(l), Records::WindowsTracert),
    },
    ParserEntry {
        kind: "windows.test_netconnection",
        platform: "windows",
        command_hint: &["test-netconnection", "tnc"],
        detect: windows::test_netconnection::detect,
        parse: |l| wrap(windows::test_netconnection::parse(l), Records::WindowsTestNetconnection),
    },
    // --- clavister ---
    ParserEntry {
        kind: "clavister.ike_stat",
        platform: "clavister",
        command_hint: &["ike -stat"],
        detect: clavister::ike_stat::detect,
        parse: |l| wrap(clavister::ike_stat::parse(l), Records::ClavisterIkeStat),
    },
    ParserEntry {
        kind: "clavister.ike_snoop",
        platform: "clavister",
        command_hint: &["ike -snoop"],
        detect: clavister::ike_snoop::detect,
        parse: |l| wrap(clavister::ike_snoop::parse(l), Records::ClavisterIkeSnoop),
    },
    ParserEntry {
        kind: "clavister.flow_show",
        platform: "clavister",
        command_hint: &["flow -show"],
        detect: clavister::flow_show::detect,
        parse: |l| wrap(clavister::flow_show::parse(l), Records::ClavisterFlowShow),
    },
    ParserEntry {
        kind: "clavister.ike_certshow",
        platform: "clavister",
        command_hint: &["ike -certshow"],
        detect: clavister::ike_certshow::detect,
        parse: |l| wrap(clavister::ike_certshow::parse(l), Records::ClavisterIkeCertshow),
    },
    ParserEntry {
        kind: "clavister.time",
        platform: "clavister",
        command_hint: &["time"],
        detect: clavister::time::detect,
        parse: |l| wrap(clavister::time::parse(l), Records::ClavisterTime),
    },
    // --- azure ---
    ParserEntry {
        kind: "azure.connection_stats",
        platform: "azure",
        command_hint: &[],
        detect: azure::connection_stats::detect,
        parse: |l| wrap(azure::connection_stats::parse(l), Records::AzureConnectionStats),
    },
    ParserEntry {
        kind: "azure.cpu_stats",
        platform: "azure",
        command_hint: &[],
        detect: azure::cpu_stats::detect,
        parse: |l| wrap(azure::cpu_stats::parse(l), Records::AzureCpuStats),
    },
    ParserEntry {
        kind: "azure.ike_logs",
        platform: "azure",
        command_hint: &[],
        detect: azure::ike_logs::detect,
        parse: |l| wrap(azure::ike_logs::parse(l), Records::AzureIkeLogs),
    },
    ParserEntry {
        kind: "azure.ike_errors",
        platform: "azure",
        command_hint: &[],
        detect: azure::ike_errors::detect,
        parse: |l| wrap(azure::ike_errors::parse(l), Records::AzureIkeErrors),
    },
    ParserEntry {
        kind: "azure.scrubbed_wfpdiag",
        platform: "azure",
        command_hint: &[],
        detect: azure::scrubbed_wfpdiag::detect,
        parse: |l| wrap(azure::scrubbed_wfpdiag::parse(l), Records::AzureScrubbedWfpdiag),
    },
    ParserEntry {
        kind: "azure.wfpdiag_sum",
        platform: "azure",
        command_hint: &[],
        detect: azure::wfpdiag_sum::detect,
        parse: |l| wrap(azure::wfpdiag_sum::parse(l), Records::AzureWfpdiagSum),
    },
    // --- zscaler ---
    ParserEntry {
        kind: "zscaler.tunnel_insights",
        platform: "zscaler",
        command_hint: &[],
        detect: zscaler::tunnel_insights::detect,
        parse: |l| wrap(zscaler::tunnel_insights::parse(l), Records::ZscalerTunnelInsights),
    },
    // --- paloalto ---
    ParserEntry {
        kind: "paloalto.show_vpn_ike_sa",
        platform: "paloalto",
        command_hint: &["show vpn ike-sa"],
        detect: paloalto::show_vpn_ike_sa::detect,
        parse: |l| wrap(paloalto::show_vpn_ike_sa::parse(l), Records::PaloaltoShowVpnIkeSa),
    },
    ParserEntry {
        kind: "paloalto.show_vpn_ipsec_sa",
        platform: "paloalto",
        command_hint: &["show vpn ipsec-sa"],
        detect: paloalto::show_vpn_ipsec_sa::detect,
        parse: |l| wrap(paloalto::show_vpn_ipsec_sa::parse(l), Records::PaloaltoShowVpnIpsecSa),
    },
    ParserEntry {
        kind: "paloalto.show_vpn_flow",
        platform: "paloalto",
        command_hint: &["show vpn flow"],
        detect: paloalto::show_vpn_flow::detect,
        parse: |l| wrap(paloalto::show_vpn_flow::parse(l), Records::PaloaltoShowVpnFlow),
    },
    ParserEntry {
        kind: "paloalto.ikemgr_log",
        platform: "paloalto",
        command_hint: &["less mp-log ikemgr.log", "tail mp-log ikemgr.log", "tail follow yes mp-log ikemgr.log"],
        detect: paloalto::ikemgr_log::detect,
        parse: |l| wrap(paloalto::ikemgr_log::parse(l), Records::PaloaltoIkemgrLog),
    },
    ParserEntry {
        kind: "cisco_asa.ping",
        platform: "cisco_asa",
        command_hint: &["ping"],
        detect: cisco_asa::ping::detect,
        parse: |l| wrap(cisco_asa::ping::parse(l), Records::CiscoAsaPing),
    },
    // --- strongswan ---
    ParserEntry {
        kind: "strongswan.swanctl_list_sas",
        platform: "strongswan",
        command_hint: &["swanctl --list-sas", "swanctl -l", "sudo swanctl --list-sas"],
        detect: strongswan::swanctl_list_sas::detect,
        parse: |l| wrap(strongswan::swanctl_list_sas::parse(l), Records::StrongswanSwanctlListSas),
    },
    ParserEntry {
        kind: "strongswan.statusall",
        platform: "strongswan",
        command_hint: &["ipsec statusall", "ipsec status", "strongswan statusall", "sudo ipsec statusall"],
        detect: strongswan::statusall::detect,
        parse: |l| wrap(strongswan::statusall::parse(l), Records::StrongswanStatusall),
    },
    ParserEntry {
        kind: "strongswan.charon_log",
        platform: "strongswan",
        command_hint: &[],
        detect: strongswan::charon_log::detect,
        parse: |l| wrap(strongswan::charon_log::parse(l), Records::StrongswanCharonLog),
    },
    // --- fortigate ---
    ParserEntry {
        kind: "fortigate.diagnose_vpn_tunnel_list",
        platform: "fortigate",
        command_hint: &["diagnose vpn tunnel list"],
        detect: fortigate::diagnose_vpn_tunnel_list::detect,
        parse: |l| wrap(fortigate::diagnose_vpn_tunnel_list::parse(l), Records::FortigateDiagnoseVpnTunnelList),
    },
    ParserEntry {
        kind: "fortigate.execute_ping",
        platform: "fortigate",
        command_hint: &["execute ping", "execute ping6"],
        detect: fortigate::execute_ping::detect,
        parse: |l| wrap(fortigate::execute_ping::parse(l), Records::FortigateExecutePing),
    },
    // --- juniper_srx ---
    ParserEntry {
        kind: "juniper_srx.show_security_ike_sa",
        platform: "juniper_srx",
        command_hint: &["show security ike security-associations", "show security ike sa"],
        detect: juniper_srx::show_security_ike_sa::detect,
        parse: |l| wrap(juniper_srx::show_security_ike_sa::parse(l), Records::JuniperSrxShowSecurityIkeSa),
    },
    ParserEntry {
        kind: "juniper_srx.show_security_ipsec_sa",
        platform: "juniper_srx",
        command_hint: &["show security ipsec security-associations", "show security ipsec sa"],
        detect: juniper_srx::show_security_ipsec_sa::detect,
        parse: |l| wrap(juniper_srx::show_security_ipsec_sa::parse(l), Records::JuniperSrxShowSecurityIpsecSa),
    },
    ParserEntry {
        kind: "cisco_asa.show_crypto_ikev1_sa",
        platform: "cisco_asa",
        command_hint: &["show crypto ikev1 sa", "show crypto isakmp sa"],
        detect: cisco_asa::show_crypto_ikev1_sa::detect,
        parse: |l| wrap(cisco_asa::show_crypto_ikev1_sa::parse(l), Records::CiscoAsaShowCryptoIkev1Sa),
    },
    ParserEntry {
        kind: "cisco_asa.show_vpn-sessiondb_l2l",
        platform: "cisco_asa",
        command_hint: &["show vpn-sessiondb l2l", "show vpn-sessiondb detail l2l"],
        detect: cisco_asa::show_vpn_sessiondb_l2l::detect,
        parse: |l| wrap(cisco_asa::show_vpn_sessiondb_l2l::parse(l), Records::CiscoAsaShowVpnSessiondbL2l),
    },
];

/// The registry row for `kind`.
pub fn entry(kind: &str) -> Option<&'static ParserEntry> {
    PARSERS.iter().find(|e| e.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for e in PARSERS {
            assert!(seen.insert(e.kind), "duplicate kind {}", e.kind);
            let (platform, command) = e.kind.split_once('.').expect("kind has a dot");
            assert_eq!(platform, e.platform, "{}", e.kind);
            assert!(!command.is_empty());
            assert!(
                e.kind
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)),
                "{} is not snake_case",
                e.kind
            );
            for h in e.command_hint {
                assert_eq!(*h, h.to_lowercase(), "{}: hints are lower case", e.kind);
                assert_eq!(h.split_whitespace().collect::<Vec<_>>().join(" "), *h);
            }
        }
    }

    #[test]
    fn detectors_accept_empty_input() {
        for e in PARSERS {
            assert_eq!((e.detect)(&[]), None, "{}", e.kind);
            assert!(
                (e.parse)(&[]).is_err(),
                "{} must reject empty input",
                e.kind
            );
        }
    }
}
