//! [`Records`]: the typed output of every parser, one variant per kind.
//!
//! Serialised untagged, so a block's JSON `records` is the kind's own list or object (the
//! block's `kind` says which). Rules match on the variant for typed access. Reading JSON back
//! goes through [`Records::from_kind`], which picks the variant from the block's `kind`
//! (untagged variants cannot be told apart by shape alone).

use serde::Serialize;

use super::{
    azure, clavister, fortigate, juniper_srx, linux, paloalto, probe_records, strongswan, windows,
    zscaler,
};
use super::{cisco_asa, cisco_ios};

/// The records of one block. `None` (JSON `null`) for unrecognised blocks or failed parses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Records {
    /// No records.
    None,
    /// `linux.mtr_report`
    LinuxMtrReport(probe_records::MtrReport),
    /// `linux.ping`
    LinuxPing(Vec<probe_records::PingRun>),
    /// `linux.traceroute`
    LinuxTraceroute(Vec<probe_records::TraceRun>),
    /// `linux.telnet`
    LinuxTelnet(Vec<linux::telnet::TelnetSession>),
    /// `windows.winmtr_text`
    WindowsWinmtrText(probe_records::MtrReport),
    /// `windows.ping`
    WindowsPing(Vec<probe_records::PingRun>),
    /// `windows.tracert`
    WindowsTracert(Vec<probe_records::TraceRun>),
    /// `windows.test_netconnection`
    WindowsTestNetconnection(Vec<windows::test_netconnection::TncResult>),
    /// `clavister.ike_stat`
    ClavisterIkeStat(clavister::ike_stat::IkeStat),
    /// `clavister.ike_snoop`
    ClavisterIkeSnoop(Vec<clavister::ike_snoop::SnoopRecord>),
    /// `clavister.flow_show`
    ClavisterFlowShow(Vec<clavister::flow_show::Flow>),
    /// `clavister.ike_certshow`
    ClavisterIkeCertshow(Vec<clavister::ike_certshow::CachedCertificate>),
    /// `clavister.time`
    ClavisterTime(clavister::time::SystemTime),
    /// `azure.connection_stats`
    AzureConnectionStats(azure::connection_stats::ConnectionStats),
    /// `azure.cpu_stats`
    AzureCpuStats(azure::cpu_stats::CpuStats),
    /// `azure.ike_logs`
    AzureIkeLogs(Vec<azure::ike_logs::IkeLogEntry>),
    /// `azure.ike_errors`
    AzureIkeErrors(Vec<azure::ike_errors::IkeError>),
    /// `azure.scrubbed_wfpdiag`
    AzureScrubbedWfpdiag(azure::scrubbed_wfpdiag::WfpDiag),
    /// `azure.wfpdiag_sum`
    AzureWfpdiagSum(azure::wfpdiag_sum::WfpDiagSummary),
    /// `zscaler.tunnel_insights`
    ZscalerTunnelInsights(Vec<zscaler::tunnel_insights::TunnelEvent>),
    /// `paloalto.show_vpn_ike_sa`
    PaloaltoShowVpnIkeSa(Vec<paloalto::show_vpn_ike_sa::PanIkeRecord>),
    /// `paloalto.show_vpn_ipsec_sa`
    PaloaltoShowVpnIpsecSa(Vec<paloalto::show_vpn_ipsec_sa::PanIpsecSa>),
    /// `paloalto.show_vpn_flow`
    PaloaltoShowVpnFlow(Vec<paloalto::show_vpn_flow::PanVpnFlow>),
    /// `paloalto.ikemgr_log`
    PaloaltoIkemgrLog(Vec<paloalto::ikemgr_log::IkemgrEvent>),
    /// `strongswan.swanctl_list_sas`
    StrongswanSwanctlListSas(Vec<strongswan::swanctl_list_sas::SwanIkeSa>),
    /// `strongswan.statusall`
    StrongswanStatusall(strongswan::statusall::Statusall),
    /// `strongswan.charon_log`
    StrongswanCharonLog(Vec<strongswan::charon_log::CharonLogEntry>),
    /// `fortigate.diagnose_vpn_tunnel_list`
    FortigateDiagnoseVpnTunnelList(Vec<fortigate::diagnose_vpn_tunnel_list::FgtTunnel>),
    /// `fortigate.execute_ping`
    FortigateExecutePing(Vec<probe_records::PingRun>),
    /// `juniper_srx.show_security_ike_sa`
    JuniperSrxShowSecurityIkeSa(Vec<juniper_srx::show_security_ike_sa::SrxIkeSa>),
    /// `juniper_srx.show_security_ipsec_sa`
    JuniperSrxShowSecurityIpsecSa(Vec<juniper_srx::show_security_ipsec_sa::SrxIpsecSa>),
    /// `cisco_ios.show_crypto_isakmp_sa`
    CiscoIosShowCryptoIsakmpSa(Vec<cisco_ios::show_crypto_isakmp_sa::IsakmpSa>),
    /// `cisco_ios.show_crypto_ipsec_sa`
    CiscoIosShowCryptoIpsecSa(Vec<cisco_ios::show_crypto_ipsec_sa::IpsecSa>),
    /// `cisco_asa.show_crypto_ipsec_sa` (same records as IOS)
    CiscoAsaShowCryptoIpsecSa(Vec<cisco_ios::show_crypto_ipsec_sa::IpsecSa>),
    /// `cisco_ios.show_crypto_ikev2_sa`
    CiscoIosShowCryptoIkev2Sa(Vec<cisco_ios::show_crypto_ikev2_sa::Ikev2Sa>),
    /// `cisco_asa.show_crypto_ikev2_sa`
    CiscoAsaShowCryptoIkev2Sa(Vec<cisco_ios::show_crypto_ikev2_sa::Ikev2Sa>),
    /// `cisco_ios.show_crypto_session`
    CiscoIosShowCryptoSession(Vec<cisco_ios::show_crypto_session::CryptoSession>),
    /// `cisco_ios.show_interfaces`
    CiscoIosShowInterfaces(Vec<cisco_ios::show_interfaces::Interface>),
    /// `cisco_ios.show_ip_sla_summary`
    CiscoIosShowIpSlaSummary(Vec<cisco_ios::show_ip_sla_summary::SlaSummary>),
    /// `cisco_ios.show_ip_sla_statistics`
    CiscoIosShowIpSlaStatistics(Vec<cisco_ios::show_ip_sla_statistics::SlaStatistics>),
    /// `cisco_ios.running_config_interface`
    CiscoIosRunningConfigInterface(Vec<cisco_ios::running_config_interface::InterfaceConfig>),
    /// `cisco_ios.show_crypto_pki_certificates`
    CiscoIosShowCryptoPkiCertificates(Vec<cisco_ios::show_crypto_pki_certificates::PkiCertificate>),
    /// `cisco_ios.show_clock`
    CiscoIosShowClock(cisco_ios::show_clock::DeviceClock),
    /// `cisco_ios.ping`
    CiscoIosPing(Vec<cisco_ios::ping::CiscoPing>),
    /// `cisco_asa.ping`
    CiscoAsaPing(Vec<cisco_ios::ping::CiscoPing>),
    /// `cisco_ios.traceroute`
    CiscoIosTraceroute(Vec<crate::parsers::probe_records::TraceRun>),
    /// `cisco_asa.show_crypto_ikev1_sa`
    CiscoAsaShowCryptoIkev1Sa(Vec<cisco_asa::show_crypto_ikev1_sa::AsaIkev1Sa>),
    /// `cisco_asa.show_vpn-sessiondb_l2l`
    CiscoAsaShowVpnSessiondbL2l(Vec<cisco_asa::show_vpn_sessiondb_l2l::L2lSession>),
    /// `cisco_ios.show_dmvpn`
    CiscoIosShowDmvpn(Vec<cisco_ios::show_dmvpn::DmvpnPeer>),
}

impl Records {
    /// How many records (1 for a single-object kind, 0 for `None`).
    pub fn len(&self) -> usize {
        match self {
            Records::None => 0,
            Records::CiscoIosShowDmvpn(v) => v.len(),
            Records::CiscoAsaShowVpnSessiondbL2l(v) => v.len(),
            Records::CiscoAsaShowCryptoIkev1Sa(v) => v.len(),
            Records::CiscoIosTraceroute(v) => v.len(),
            Records::CiscoAsaPing(v) => v.len(),
            Records::CiscoIosPing(v) => v.len(),
            Records::CiscoIosShowClock(_) => 1,
            Records::CiscoIosShowCryptoPkiCertificates(v) => v.len(),
            Records::CiscoIosRunningConfigInterface(v) => v.len(),
            Records::CiscoIosShowIpSlaStatistics(v) => v.len(),
            Records::CiscoIosShowIpSlaSummary(v) => v.len(),
            Records::CiscoIosShowInterfaces(v) => v.len(),
            Records::CiscoIosShowCryptoSession(v) => v.len(),
            Records::LinuxMtrReport(_) => 1,
            Records::LinuxPing(v) => v.len(),
            Records::LinuxTraceroute(v) => v.len(),
            Records::LinuxTelnet(v) => v.len(),
            Records::WindowsWinmtrText(_) => 1,
            Records::WindowsPing(v) => v.len(),
            Records::WindowsTracert(v) => v.len(),
            Records::WindowsTestNetconnection(v) => v.len(),
            Records::ClavisterIkeStat(_) => 1,
            Records::ClavisterIkeSnoop(v) => v.len(),
            Records::ClavisterFlowShow(v) => v.len(),
            Records::ClavisterIkeCertshow(v) => v.len(),
            Records::ClavisterTime(_) => 1,
            Records::AzureConnectionStats(_) => 1,
            Records::AzureCpuStats(_) => 1,
            Records::AzureIkeLogs(v) => v.len(),
            Records::AzureIkeErrors(v) => v.len(),
            Records::AzureScrubbedWfpdiag(_) => 1,
            Records::AzureWfpdiagSum(_) => 1,
            Records::ZscalerTunnelInsights(v) => v.len(),
            Records::PaloaltoShowVpnIkeSa(v) => v.len(),
            Records::PaloaltoShowVpnIpsecSa(v) => v.len(),
            Records::PaloaltoShowVpnFlow(v) => v.len(),
            Records::PaloaltoIkemgrLog(v) => v.len(),
            Records::StrongswanSwanctlListSas(v) => v.len(),
            Records::StrongswanStatusall(_) => 1,
            Records::StrongswanCharonLog(v) => v.len(),
            Records::FortigateDiagnoseVpnTunnelList(v) => v.len(),
            Records::FortigateExecutePing(v) => v.len(),
            Records::JuniperSrxShowSecurityIkeSa(v) => v.len(),
            Records::JuniperSrxShowSecurityIpsecSa(v) => v.len(),
            Records::CiscoAsaShowCryptoIkev2Sa(v) => v.len(),
            Records::CiscoIosShowCryptoIkev2Sa(v) => v.len(),
            Records::CiscoIosShowCryptoIsakmpSa(v) => v.len(),
            Records::CiscoIosShowCryptoIpsecSa(v) | Records::CiscoAsaShowCryptoIpsecSa(v) => {
                v.len()
            }
        }
    }

    /// Reads the JSON `records` of a block of `kind` back into the typed variant (the inverse
    /// of the untagged serialisation, which the shape alone cannot undo). `null` is
    /// [`Records::None`] for every kind; records for an unknown kind are an error naming it.
    pub fn from_kind(kind: &str, value: serde_json::Value) -> Result<Self, serde_json::Error> {
        use serde::de::Error as _;
        use serde_json::from_value;
        if value.is_null() {
            return Ok(Records::None);
        }
        Ok(match kind {
            "linux.mtr_report" => Records::LinuxMtrReport(from_value(value)?),
            "linux.ping" => Records::LinuxPing(from_value(value)?),
            "linux.traceroute" => Records::LinuxTraceroute(from_value(value)?),
            "linux.telnet" => Records::LinuxTelnet(from_value(value)?),
            "windows.winmtr_text" => Records::WindowsWinmtrText(from_value(value)?),
            "windows.ping" => Records::WindowsPing(from_value(value)?),
            "windows.tracert" => Records::WindowsTracert(from_value(value)?),
            "windows.test_netconnection" => Records::WindowsTestNetconnection(from_value(value)?),
            "clavister.ike_stat" => Records::ClavisterIkeStat(from_value(value)?),
            "clavister.ike_snoop" => Records::ClavisterIkeSnoop(from_value(value)?),
            "clavister.flow_show" => Records::ClavisterFlowShow(from_value(value)?),
            "clavister.ike_certshow" => Records::ClavisterIkeCertshow(from_value(value)?),
            "clavister.time" => Records::ClavisterTime(from_value(value)?),
            "azure.connection_stats" => Records::AzureConnectionStats(from_value(value)?),
            "azure.cpu_stats" => Records::AzureCpuStats(from_value(value)?),
            "azure.ike_logs" => Records::AzureIkeLogs(from_value(value)?),
            "azure.ike_errors" => Records::AzureIkeErrors(from_value(value)?),
            "azure.scrubbed_wfpdiag" => Records::AzureScrubbedWfpdiag(from_value(value)?),
            "azure.wfpdiag_sum" => Records::AzureWfpdiagSum(from_value(value)?),
            "zscaler.tunnel_insights" => Records::ZscalerTunnelInsights(from_value(value)?),
            "paloalto.show_vpn_ike_sa" => Records::PaloaltoShowVpnIkeSa(from_value(value)?),
            "paloalto.show_vpn_ipsec_sa" => Records::PaloaltoShowVpnIpsecSa(from_value(value)?),
            "paloalto.show_vpn_flow" => Records::PaloaltoShowVpnFlow(from_value(value)?),
            "paloalto.ikemgr_log" => Records::PaloaltoIkemgrLog(from_value(value)?),
            "strongswan.swanctl_list_sas" => Records::StrongswanSwanctlListSas(from_value(value)?),
            "strongswan.statusall" => Records::StrongswanStatusall(from_value(value)?),
            "strongswan.charon_log" => Records::StrongswanCharonLog(from_value(value)?),
            "fortigate.diagnose_vpn_tunnel_list" => {
                Records::FortigateDiagnoseVpnTunnelList(from_value(value)?)
            }
            "fortigate.execute_ping" => Records::FortigateExecutePing(from_value(value)?),
            "juniper_srx.show_security_ike_sa" => {
                Records::JuniperSrxShowSecurityIkeSa(from_value(value)?)
            }
            "juniper_srx.show_security_ipsec_sa" => {
                Records::JuniperSrxShowSecurityIpsecSa(from_value(value)?)
            }
            "cisco_ios.show_crypto_isakmp_sa" => {
                Records::CiscoIosShowCryptoIsakmpSa(from_value(value)?)
            }
            "cisco_ios.show_crypto_ipsec_sa" => {
                Records::CiscoIosShowCryptoIpsecSa(from_value(value)?)
            }
            "cisco_asa.show_crypto_ipsec_sa" => {
                Records::CiscoAsaShowCryptoIpsecSa(from_value(value)?)
            }
            "cisco_ios.show_crypto_ikev2_sa" => {
                Records::CiscoIosShowCryptoIkev2Sa(from_value(value)?)
            }
            "cisco_asa.show_crypto_ikev2_sa" => {
                Records::CiscoAsaShowCryptoIkev2Sa(from_value(value)?)
            }
            "cisco_ios.show_crypto_session" => {
                Records::CiscoIosShowCryptoSession(from_value(value)?)
            }
            "cisco_ios.show_interfaces" => Records::CiscoIosShowInterfaces(from_value(value)?),
            "cisco_ios.show_ip_sla_summary" => {
                Records::CiscoIosShowIpSlaSummary(from_value(value)?)
            }
            "cisco_ios.show_ip_sla_statistics" => {
                Records::CiscoIosShowIpSlaStatistics(from_value(value)?)
            }
            "cisco_ios.running_config_interface" => {
                Records::CiscoIosRunningConfigInterface(from_value(value)?)
            }
            "cisco_ios.show_crypto_pki_certificates" => {
                Records::CiscoIosShowCryptoPkiCertificates(from_value(value)?)
            }
            "cisco_ios.show_clock" => Records::CiscoIosShowClock(from_value(value)?),
            "cisco_ios.ping" => Records::CiscoIosPing(from_value(value)?),
            "cisco_asa.ping" => Records::CiscoAsaPing(from_value(value)?),
            "cisco_ios.traceroute" => Records::CiscoIosTraceroute(from_value(value)?),
            "cisco_asa.show_crypto_ikev1_sa" => {
                Records::CiscoAsaShowCryptoIkev1Sa(from_value(value)?)
            }
            "cisco_asa.show_vpn-sessiondb_l2l" => {
                Records::CiscoAsaShowVpnSessiondbL2l(from_value(value)?)
            }
            "cisco_ios.show_dmvpn" => Records::CiscoIosShowDmvpn(from_value(value)?),
            other => {
                return Err(serde_json::Error::custom(format!(
                    "records given for kind `{other}`, which no parser produces"
                )));
            }
        })
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
