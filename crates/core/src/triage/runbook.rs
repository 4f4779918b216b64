//! The runbook steps per impact, as data: what to do, what to collect (exact commands, browser
//! checks, panels), which evidence ticks a step off and which findings it can reveal.
//!
//! Sources: the Zscaler ZIA traffic forwarding troubleshooting runbook (PAC, GRE and IPsec
//! sections: hard down, flapping, up but no traffic), the Palo Alto PANCast episode on IPsec
//! troubleshooting (config mismatch first, responder logs, DPD/monitoring, NAT-T, peer ids)
//! and the Clavister IPsec troubleshooting chapter. `<cloud>` in a command is replaced by the
//! cloud name when one is given.

use super::{Area, Symptom};
use crate::checks::CheckKind;

/// Something to collect or do for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collect {
    /// A command to run on a device or host and paste into the Outputs panel.
    Command(&'static str, &'static str),
    /// A browser check (Browser checks panel) of this kind.
    Check(CheckKind, &'static str),
    /// Evaluate the PAC with the failing URLs (PAC evaluator).
    Pac(&'static str),
    /// Compare configurations (IPsec compare view).
    Compare(&'static str),
    /// Compare two PAC versions (Compare versions panel).
    PacVersions(&'static str),
    /// Something outside netdiag (an admin portal, a packet capture).
    Manual(&'static str),
}

/// Evidence that ticks a step off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    /// A parsed block of one of these kinds.
    Blocks(&'static [&'static str]),
    /// A browser check of this kind with a result.
    Check(CheckKind),
    /// PAC evaluation results.
    Pac,
    /// IPsec configuration the comparison can read (crypto config, swanctl.conf, ...).
    Config,
}

/// One runbook step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDef {
    /// Short id, unique within its checklist.
    pub id: &'static str,
    /// What to do.
    pub title: &'static str,
    /// Why, and what to look for.
    pub why: &'static str,
    /// What to collect.
    pub collect: &'static [Collect],
    /// Evidence that covers the step (empty: only the user can tick it).
    pub cover: &'static [Cover],
    /// Finding ids this step can reveal.
    pub findings: &'static [&'static str],
}

/// A checklist for one impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checklist {
    /// Affected forwarding method.
    pub area: Area,
    /// How it fails.
    pub symptom: Symptom,
    /// Title of the situation.
    pub title: &'static str,
    /// The runbook section it follows.
    pub source: &'static str,
    /// The steps, in the order the runbook takes them.
    pub steps: &'static [StepDef],
}

const IKE_SA: &[&str] = &[
    "cisco_ios.show_crypto_isakmp_sa",
    "cisco_ios.show_crypto_ikev2_sa",
    "cisco_ios.show_crypto_session",
    "cisco_asa.show_crypto_ikev2_sa",
    "cisco_asa.show_crypto_ikev1_sa",
    "cisco_asa.show_vpn-sessiondb_l2l",
    "paloalto.show_vpn_ike_sa",
    "strongswan.swanctl_list_sas",
    "strongswan.statusall",
    "fortigate.diagnose_vpn_tunnel_list",
    "juniper_srx.show_security_ike_sa",
    "clavister.ike_stat",
    "azure.connection_stats",
];
const IPSEC_SA: &[&str] = &[
    "cisco_ios.show_crypto_ipsec_sa",
    "cisco_asa.show_crypto_ipsec_sa",
    "cisco_asa.show_vpn-sessiondb_l2l",
    "paloalto.show_vpn_ipsec_sa",
    "paloalto.show_vpn_flow",
    "strongswan.swanctl_list_sas",
    "strongswan.statusall",
    "fortigate.diagnose_vpn_tunnel_list",
    "juniper_srx.show_security_ipsec_sa",
    "clavister.flow_show",
    "azure.connection_stats",
];
const IKE_LOGS: &[&str] = &[
    "zscaler.tunnel_insights",
    "azure.ike_logs",
    "azure.ike_errors",
    "azure.scrubbed_wfpdiag",
    "azure.wfpdiag_sum",
    "clavister.ike_snoop",
    "paloalto.ikemgr_log",
    "strongswan.charon_log",
];
const TUNNEL_IF: &[&str] = &["cisco_ios.show_interfaces"];
const TUNNEL_CONFIG: &[&str] = &["cisco_ios.running_config_interface"];
const SLA: &[&str] = &[
    "cisco_ios.show_ip_sla_summary",
    "cisco_ios.show_ip_sla_statistics",
];
const SLA_STATS: &[&str] = &["cisco_ios.show_ip_sla_statistics"];
const PATH: &[&str] = &[
    "linux.mtr_report",
    "windows.winmtr_text",
    "linux.traceroute",
    "windows.tracert",
    "cisco_ios.traceroute",
];
const PING: &[&str] = &[
    "linux.ping",
    "windows.ping",
    "cisco_ios.ping",
    "cisco_asa.ping",
    "fortigate.execute_ping",
];
const TCP: &[&str] = &["linux.telnet", "windows.test_netconnection"];
const INSIGHTS: &[&str] = &["zscaler.tunnel_insights"];
const PING_OR_PATH: &[&str] = &[
    "linux.ping",
    "windows.ping",
    "cisco_ios.ping",
    "cisco_asa.ping",
    "fortigate.execute_ping",
    "linux.mtr_report",
    "windows.winmtr_text",
    "linux.traceroute",
    "windows.tracert",
    "cisco_ios.traceroute",
];
const CERTS: &[&str] = &[
    "cisco_ios.show_crypto_pki_certificates",
    "clavister.ike_certshow",
];

use Collect::{Check, Command, Compare, Manual, Pac, PacVersions};

const MTR_LINUX: Collect = Command("Linux", "mtr -nrc 300 <VIP>");
const MTR_WINDOWS: Collect = Command(
    "Windows",
    "WinMTR to <VIP>, Resolve names off, 300 packets, Export TEXT",
);
const TRUST_PORTAL: StepDef = StepDef {
    id: "incidents",
    title: "Check for active incidents and maintenance on the data centre",
    why: "An open incident or scheduled maintenance on the Zscaler data centre explains a sudden outage; the workaround is to fail over to another data centre (PAC change or tunnel failover).",
    collect: &[Manual(
        "Zscaler Trust Portal: incidents and maintenance for the cloud and data centre",
    )],
    cover: &[],
    findings: &[],
};

const PAC_HARD_DOWN: &[StepDef] = &[
    TRUST_PORTAL,
    StepDef {
        id: "reach_hosts",
        title: "Resolve and reach pac., login. and gateway.<cloud> and the authentication server",
        why: "In an internet-down situation, first prove DNS resolution and connectivity to the cloud's PAC, login and gateway hosts from the affected device.",
        collect: &[
            Check(
                CheckKind::Gateway,
                "Run the browser checks with the cloud name set",
            ),
            Command("Windows", "nslookup gateway.<cloud>"),
            Command("Windows", "ping gateway.<cloud>"),
            Command("Linux/macOS", "ping -c 10 gateway.<cloud>"),
        ],
        cover: &[
            Cover::Check(CheckKind::Gateway),
            Cover::Check(CheckKind::Auth),
            Cover::Blocks(PING),
        ],
        findings: &[
            "PacUnreachable",
            "PingNoReply",
            "ServiceNotListening",
            "TcpPortFiltered",
        ],
    },
    StepDef {
        id: "ports",
        title: "Test TCP 80 and 443 (and the dedicated proxy port, if provisioned) to the proxy",
        why: "Ping alone does not prove the proxy ports are open: a telnet (or Test-NetConnection) to 80/443 must connect; a DPP such as 10938 only answers where it was provisioned.",
        collect: &[
            Command("Windows", "Test-NetConnection gateway.<cloud> -Port 443"),
            Command("Windows", "Test-NetConnection gateway.<cloud> -Port 80"),
            Command("Linux/macOS", "telnet gateway.<cloud> 443"),
            Check(
                CheckKind::Proxy,
                "Run the browser checks with the proxies from the PAC results",
            ),
        ],
        cover: &[Cover::Blocks(TCP), Cover::Check(CheckKind::Proxy)],
        findings: &["ProxyPortBlocked", "TcpPortFiltered", "ServiceNotListening"],
    },
    StepDef {
        id: "pac_download",
        title: "Download the PAC file from its URL on the affected device",
        why: "Copy the PAC URL from the admin portal and confirm the device can download it; if it cannot although pac.<cloud> is reachable, suspect IP fragmentation.",
        collect: &[Check(CheckKind::Pac, "Download PAC in the browser checks")],
        cover: &[Cover::Check(CheckKind::Pac)],
        findings: &["PacUnreachable"],
    },
    StepDef {
        id: "pac_eval",
        title: "Find the primary and secondary data centre in the PAC",
        why: "Open the downloaded PAC and evaluate the affected URLs: the proxy chain names the primary and secondary data centre to test next.",
        collect: &[Pac("Evaluate the PAC with the affected URLs")],
        cover: &[Cover::Pac],
        findings: &["PacErrorGoesDirect", "NoDirectFallback"],
    },
    StepDef {
        id: "dc_reach",
        title: "Reach the primary and secondary data centre (ping, TCP 80/443)",
        why: "Both data centres of the PAC must answer on the proxy ports, or failover has nowhere to go.",
        collect: &[
            Check(
                CheckKind::Proxy,
                "Use proxies from PAC results, then Run checks",
            ),
            Command("Windows", "Test-NetConnection <primary proxy> -Port 80"),
            Command("Linux/macOS", "telnet <secondary proxy> 80"),
        ],
        cover: &[Cover::Check(CheckKind::Proxy), Cover::Blocks(TCP)],
        findings: &["ProxyPortBlocked", "TcpPortFiltered", "LatencyAboveBudget"],
    },
    StepDef {
        id: "fragmentation",
        title: "Rule out IP fragmentation on the path",
        why: "A PAC download that fails while the host is reachable points at fragmentation: a capture shows ICMP 'fragmentation needed' (icmp.type==3 and icmp.code==4) or fragments (ip.flags.mf == 1). Find the path MTU with Don't Fragment pings.",
        collect: &[
            Command("Windows", "ping -f -l 1472 pac.<cloud>"),
            Command("Linux", "ping -M do -s 1472 -c 4 pac.<cloud>"),
            Manual("Client packet capture with the filter icmp.type==3 and icmp.code==4"),
        ],
        cover: &[Cover::Blocks(PING)],
        findings: &["PathMtuReduced"],
    },
];

const PAC_FLAPPING: &[StepDef] = &[
    StepDef {
        id: "latency",
        title: "Measure the round trip to the proxy against the distance budget",
        why: "About 60 ms per 4,000 km in developed regions and 100 ms at most elsewhere; above that, look for suboptimal routing.",
        collect: &[Check(
            CheckKind::Proxy,
            "Run the browser checks and set the latency budget",
        )],
        cover: &[
            Cover::Check(CheckKind::Proxy),
            Cover::Check(CheckKind::Gateway),
            Cover::Blocks(PATH),
        ],
        findings: &["LatencyAboveBudget"],
    },
    StepDef {
        id: "path",
        title: "Run MTR (or WinMTR) to the proxy's address for at least 300 packets",
        why: "Loss that starts at a hop and carries on to the destination is a path fault; loss at one intermediate hop only is ICMP rate limiting, not a fault.",
        collect: &[MTR_LINUX, MTR_WINDOWS],
        cover: &[Cover::Blocks(PATH)],
        findings: &[
            "PathLossAtDestination",
            "IcmpRateLimitedHop",
            "LatencyAboveBudget",
        ],
    },
    StepDef {
        id: "dns_per_url",
        title: "Check that the PAC does not resolve DNS for every URL",
        why: "dnsResolve/isInNet on every request makes every page wait on DNS, which looks like an intermittent slowness.",
        collect: &[Pac("Evaluate the PAC with a few public URLs")],
        cover: &[Cover::Pac],
        findings: &["PacResolvesEveryUrl"],
    },
    StepDef {
        id: "pac_changes",
        title: "Look for a PAC change that coincides with the start of the issue",
        why: "The admin portal's audit log (PAC File sub-category) shows changes; compare the old and new version over the failing URLs, and redeploy the previous version if it is the cause.",
        collect: &[
            Manual("Admin portal: Administration > Audit Logs, PAC File sub-category"),
            PacVersions("Compare the previous and current PAC"),
        ],
        cover: &[],
        findings: &[],
    },
    TRUST_PORTAL,
];

const PAC_NO_TRAFFIC: &[StepDef] = &[
    StepDef {
        id: "manual_proxy",
        title: "Test with a manual proxy to confirm the issue is the PAC",
        why: "Set the data centre's PAC VIP name as a manual proxy on port 80/443, bypass the IdP domains, and open an HTTP site: if it loads, the PAC is the problem.",
        collect: &[Manual(
            "Internet Options > Connections > LAN settings: manual proxy = the data centre FQDN",
        )],
        cover: &[],
        findings: &[],
    },
    StepDef {
        id: "pac_eval",
        title: "Evaluate the failing URLs: which go DIRECT, and why",
        why: "A PAC error or a missing rule sends traffic DIRECT, where the customer firewall may drop it.",
        collect: &[Pac("Evaluate the PAC with the failing URLs")],
        cover: &[Cover::Pac],
        findings: &["PacErrorGoesDirect", "NoDirectFallback"],
    },
    StepDef {
        id: "idp_bypass",
        title: "Make sure identity-provider domains bypass the proxy",
        why: "IdP traffic sent through the proxy is itself redirected for authentication: an endless loop (a 307 for the IdP request in a trace). Bypass them in the PAC or add them to Authentication Exemptions.",
        collect: &[Pac("Evaluate the PAC with the IdP login URL")],
        cover: &[Cover::Pac],
        findings: &["IdpSentToProxy"],
    },
    StepDef {
        id: "pac_changes",
        title: "Check for a recent PAC change and revert it if it is the cause",
        why: "Hosted PAC files keep versions (Manage Versions > Deploy); after a PAC change, clear the browser cache and restart the browser.",
        collect: &[
            PacVersions("Compare the previous and current PAC"),
            Manual("Admin portal: Traffic Forwarding > Hosted PAC Files > Manage Versions"),
        ],
        cover: &[],
        findings: &[],
    },
];

const GRE_HARD_DOWN: &[StepDef] = &[
    StepDef {
        id: "vip_reach",
        title: "Ping the Zscaler GRE VIP from the customer gateway",
        why: "If the VIP does not answer, check firewalls and ACLs, capture on the edge device to see traffic leave, and ask the ISP whether GRE is restricted.",
        collect: &[
            Command("Cisco IOS", "ping <GRE VIP> source <WAN interface>"),
            MTR_LINUX,
        ],
        cover: &[Cover::Blocks(PING_OR_PATH)],
        findings: &["PingNoReply", "PathLossAtDestination"],
    },
    StepDef {
        id: "internal_ip",
        title: "Ping the Zscaler GRE internal address through the tunnel",
        why: "Reachability of the VIP but not of the internal address points at the tunnel configuration, addressing or routing.",
        collect: &[Command(
            "Cisco IOS",
            "ping <Zscaler GRE internal IP> source Tunnel<n>",
        )],
        cover: &[Cover::Blocks(PING)],
        findings: &["PingNoReply"],
    },
    StepDef {
        id: "tunnel_status",
        title: "Read the tunnel interface: line protocol, source, destination, keepalive",
        why: "The tunnel destination must be the GRE VIP of the location's configuration page; the line protocol says whether keepalives or tracking hold it down.",
        collect: &[Command("Cisco IOS", "show interfaces Tunnel<n>")],
        cover: &[Cover::Blocks(TUNNEL_IF)],
        findings: &["TunnelLineProtocolDown", "TunnelAdminDown"],
    },
    StepDef {
        id: "tunnel_config",
        title: "Check the tunnel configuration and its /30 internal addressing",
        why: "GRE internal ranges are a /30: the customer side is the first usable address (.1 of the block), Zscaler's the second (.2).",
        collect: &[Command(
            "Cisco IOS",
            "show running-config interface Tunnel<n>",
        )],
        cover: &[Cover::Blocks(TUNNEL_CONFIG)],
        findings: &["GreAddressingInconsistent"],
    },
    StepDef {
        id: "keepalive_sla",
        title: "Check IP SLA probes and GRE keepalives",
        why: "Failed probes or keepalives keep a tunnel down; GRE keepalives are not supported when the tunnel crosses NAT.",
        collect: &[
            Command("Cisco IOS", "show ip sla summary"),
            Command("Cisco IOS", "show interfaces Tunnel<n>"),
        ],
        cover: &[Cover::Blocks(SLA), Cover::Blocks(TUNNEL_IF)],
        findings: &["GreKeepaliveBehindNat", "SlaProbeTimeout", "SlaProbeTarget"],
    },
    StepDef {
        id: "nat",
        title: "If the gateway is behind NAT, check that GRE is translated to the registered source",
        why: "GRE packets must leave with the IP address defined as the GRE source of the location; the NAT device's logs show it.",
        collect: &[Manual(
            "NAT device logs and translations for protocol 47 (GRE)",
        )],
        cover: &[],
        findings: &["GreKeepaliveBehindNat"],
    },
    StepDef {
        id: "mtu_mss",
        title: "Verify the tunnel MTU and TCP MSS",
        why: "For a 1500-byte physical link a GRE tunnel needs an MSS of 1436 or lower (1500 - 24 GRE - 40 TCP/IP).",
        collect: &[Command(
            "Cisco IOS",
            "show running-config interface Tunnel<n>",
        )],
        cover: &[Cover::Blocks(TUNNEL_CONFIG)],
        findings: &["MssTooHighForGre", "PathMtuReduced"],
    },
];

const PROBES: StepDef = StepDef {
    id: "probes",
    title: "Check the health probes: HTTP to gateway.<cloud>/vpntest",
    why: "Active/standby tunnels fail over on application-layer health monitoring: HTTP probes (ICMP if HTTP is not supported) aimed at gateway.<cloud>/vpntest.",
    collect: &[
        Command("Cisco IOS", "show ip sla summary"),
        Command("Cisco IOS", "show running-config | section ip sla"),
    ],
    cover: &[Cover::Blocks(SLA)],
    findings: &["SlaProbeTarget", "SlaProbeTimeout"],
};
const SLA_STATISTICS: StepDef = StepDef {
    id: "sla_stats",
    title: "Read the probe statistics: failures and return codes",
    why: "Timeouts and failures in the statistics show when and how often the probes fail.",
    collect: &[Command("Cisco IOS", "show ip sla statistics")],
    cover: &[Cover::Blocks(SLA_STATS)],
    findings: &["SlaProbeTimeout"],
};
const FAILOVER: StepDef = StepDef {
    id: "failover",
    title: "Test automatic failover to the secondary tunnel",
    why: "Traffic must move to the secondary tunnel when the primary fails, and back.",
    collect: &[Manual(
        "Shut the primary tunnel in a maintenance window and watch the traffic move",
    )],
    cover: &[],
    findings: &[],
};
const PATH_MTR: StepDef = StepDef {
    id: "path",
    title: "Run MTR from the gateway to the VIP, outside the tunnel, for 300 packets",
    why: "Packet loss makes layer-7 health monitoring fail and the tunnel flap. Loss that carries on to the destination is a path fault; loss at one hop only is ICMP rate limiting.",
    collect: &[MTR_LINUX, MTR_WINDOWS],
    cover: &[Cover::Blocks(PATH)],
    findings: &["PathLossAtDestination", "IcmpRateLimitedHop"],
};
const LATENCY: StepDef = StepDef {
    id: "latency",
    title: "Compare the round trip to the VIP with the distance budget",
    why: "About 60 ms per 4,000 km in developed regions, 100 ms at most elsewhere; suboptimal routing goes to the ISP, and probe timeouts can be raised to ride out spikes.",
    collect: &[
        MTR_LINUX,
        Check(
            CheckKind::Gateway,
            "Run the browser checks with the latency budget set",
        ),
    ],
    cover: &[
        Cover::Blocks(PING_OR_PATH),
        Cover::Check(CheckKind::Gateway),
    ],
    findings: &["LatencyAboveBudget"],
};

const GRE_FLAPPING: &[StepDef] = &[
    PROBES,
    SLA_STATISTICS,
    FAILOVER,
    TRUST_PORTAL,
    PATH_MTR,
    LATENCY,
];

const GRE_NO_TRAFFIC: &[StepDef] = &[
    StepDef {
        id: "insights",
        title: "Review Tunnel Insights: is traffic received over the tunnel?",
        why: "Filter on Tunnel Type and Tunnel Source IP; no received bytes means the traffic never reaches the tunnel.",
        collect: &[Command(
            "ZIA admin portal",
            "Analytics > Insights > Tunnel Insights, export the table",
        )],
        cover: &[Cover::Blocks(INSIGHTS)],
        findings: &[],
    },
    StepDef {
        id: "routing",
        title: "Check static routes or policy-based routing into the tunnel",
        why: "The tunnel can be up while no route or route-map sends traffic into it.",
        collect: &[
            Command("Cisco IOS", "show ip route"),
            Command("Cisco IOS", "show route-map"),
            Command("Cisco IOS", "show ip policy"),
        ],
        cover: &[],
        findings: &[],
    },
    StepDef {
        id: "counters",
        title: "Check that the tunnel's input and output counters increase",
        why: "Read the interface twice a minute apart: packets output without packets input means the return path is broken.",
        collect: &[Command("Cisco IOS", "show interfaces Tunnel<n>")],
        cover: &[Cover::Blocks(TUNNEL_IF)],
        findings: &["TunnelLineProtocolDown"],
    },
    StepDef {
        id: "mtu_mss",
        title: "Verify the tunnel MSS (large transfers stall when it is too high)",
        why: "For a 1500-byte link a GRE tunnel needs MSS 1436 or lower.",
        collect: &[Command(
            "Cisco IOS",
            "show running-config interface Tunnel<n>",
        )],
        cover: &[Cover::Blocks(TUNNEL_CONFIG)],
        findings: &["MssTooHighForGre", "PathMtuReduced"],
    },
    StepDef {
        id: "pcap",
        title: "Capture on the gateway to see whether the traffic is routed over the tunnel",
        why: "A capture on the tunnel and the WAN interface shows where the traffic goes.",
        collect: &[Manual(
            "Packet capture on the gateway (tunnel and WAN interfaces)",
        )],
        cover: &[],
        findings: &[],
    },
];

const IPSEC_HARD_DOWN: &[StepDef] = &[
    StepDef {
        id: "ike_version",
        title: "Use IKEv2 (new tenants cannot establish IKEv1 tunnels)",
        why: "A new tenant whose device only supports IKEv1 must ask Zscaler support to enable it; IKEv2 is recommended for every new deployment.",
        collect: &[
            Command("Cisco IOS", "show crypto isakmp sa"),
            Command("Cisco IOS", "show crypto ikev2 sa"),
        ],
        cover: &[Cover::Blocks(IKE_SA), Cover::Config],
        findings: &["Ikev1OnNewTenant"],
    },
    StepDef {
        id: "vip_reach",
        title: "Ping the IPsec VIP from the customer gateway",
        why: "If the VIP does not answer, check firewalls and ACLs (UDP 500 and 4500), capture on the edge device, and ask the ISP.",
        collect: &[
            Command("Cisco IOS", "ping <IPsec VIP> source <WAN interface>"),
            MTR_LINUX,
        ],
        cover: &[Cover::Blocks(PING_OR_PATH)],
        findings: &["PingNoReply", "PeerReachability", "PathLossAtDestination"],
    },
    StepDef {
        id: "ike_state",
        title: "Read the IKE (phase 1) state on the gateway",
        why: "MM_NO_STATE, MM_KEY_EXCH, AG_* or an IKEv2 SA stuck in negotiation means phase 1 does not complete.",
        collect: &[
            Command("Cisco IOS", "show crypto isakmp sa"),
            Command("Cisco IOS", "show crypto ikev2 sa"),
            Command("Cisco ASA", "show crypto ikev2 sa"),
            Command("Palo Alto", "show vpn ike-sa"),
            Command("strongSwan", "swanctl --list-sas"),
            Command("FortiGate", "diagnose vpn tunnel list"),
            Command("Juniper SRX", "show security ike security-associations"),
            Command("Clavister", "ike -stat"),
        ],
        cover: &[Cover::Blocks(IKE_SA)],
        findings: &["Phase1NotEstablished", "Phase2NotEstablished"],
    },
    StepDef {
        id: "logs",
        title: "Read the reason in Tunnel Insights or the responder's IKE log",
        why: "Tunnel Insights' status and event reason (PSKEY_MISMATCH, INVALID_PROPOSAL, DPD_TIMEOUT...) or the responder's log give the cause; the initiator often only sees a rejection.",
        collect: &[
            Command(
                "ZIA admin portal",
                "Analytics > Insights > Tunnel Insights (Tunnel Type IPSec, Tunnel Source IP)",
            ),
            Command("Azure", "VPN troubleshoot: IKELogs.txt / IKEErrors.txt"),
            Command("Clavister", "ike -snoop -on -verbose"),
            Command("Palo Alto", "less mp-log ikemgr.log"),
            Command("strongSwan", "journalctl -u strongswan (the charon log)"),
        ],
        cover: &[Cover::Blocks(IKE_LOGS)],
        findings: &[
            "Authentication",
            "IkePolicyMismatch",
            "PeerReachability",
            "InvalidPayload",
            "PayloadMalformed",
            "NoPublicKeyFound",
            "IkeInvalidCookie",
        ],
    },
    StepDef {
        id: "credentials",
        title: "Check the VPN credentials and the IKE identity mode",
        why: "Static IP: IP-based credentials with main mode. Dynamic IP or behind NAT: FQDN credentials, the FQDN as IKE id, aggressive mode with PSK + FQDN.",
        collect: &[
            Command("Cisco IOS", "show running-config | section crypto"),
            Manual("Admin portal: VPN credentials mapped to the location"),
        ],
        cover: &[Cover::Config],
        findings: &["IkeIdentityModeMismatch", "Authentication"],
    },
    StepDef {
        id: "parameters",
        title: "Compare the configuration with Zscaler's supported IKE and IPsec parameters",
        why: "A proposal mismatch (INVALID_PROPOSAL) is the most common reason a new tunnel does not come up.",
        collect: &[Compare(
            "Paste the crypto configuration and compare it with Zscaler's parameters",
        )],
        cover: &[Cover::Config],
        findings: &["IkePolicyMismatch", "Phase2EncryptionNotNull"],
    },
    StepDef {
        id: "nat_t",
        title: "Behind NAT: confirm NAT-T is used (UDP 4500)",
        why: "IPsec does not survive NAT without NAT traversal; both sides need it.",
        collect: &[Command("Cisco IOS", "show crypto ipsec sa")],
        cover: &[Cover::Blocks(IPSEC_SA)],
        findings: &["NatTraversalMissing"],
    },
    StepDef {
        id: "certificates",
        title: "With certificates: check validity against the device's clock",
        why: "A certificate expired or not yet valid by the device's clock fails authentication.",
        collect: &[
            Command("Cisco IOS", "show crypto pki certificates"),
            Command("Cisco IOS", "show clock detail"),
        ],
        cover: &[Cover::Blocks(CERTS)],
        findings: &["CertificateExpired", "CertificateNotYetValid"],
    },
];

const IPSEC_FLAPPING: &[StepDef] = &[
    PROBES,
    SLA_STATISTICS,
    StepDef {
        id: "dpd",
        title: "Check DPD and tunnel monitoring on both sides",
        why: "Monitoring must be configured on both peers and aim at an address that is always reachable, or it drops a healthy tunnel.",
        collect: &[
            Command("Cisco IOS", "show running-config | section crypto"),
            Command(
                "ZIA admin portal",
                "Tunnel Insights: event reason DPD_TIMEOUT",
            ),
        ],
        cover: &[Cover::Config, Cover::Blocks(IKE_LOGS)],
        findings: &[],
    },
    StepDef {
        id: "lifetimes",
        title: "Compare lifetimes and rekey settings on both peers",
        why: "Lifetimes that differ make one side rekey or expire an SA the other still uses (event reason EXPIRED, REKEY).",
        collect: &[Compare("Compare both peers' configurations")],
        cover: &[Cover::Config, Cover::Blocks(INSIGHTS)],
        findings: &["IkePolicyMismatch"],
    },
    PATH_MTR,
    LATENCY,
    TRUST_PORTAL,
];

const IPSEC_NO_TRAFFIC: &[StepDef] = &[
    StepDef {
        id: "counters",
        title: "Check that encapsulated and decapsulated packets both increase",
        why: "Encaps without decaps: the peer does not send back (or its traffic is dropped on the way); decaps without encaps: nothing is routed into the tunnel here.",
        collect: &[
            Command("Cisco IOS", "show crypto ipsec sa"),
            Command("Cisco ASA", "show crypto ipsec sa"),
            Command("Palo Alto", "show vpn ipsec-sa"),
            Command("strongSwan", "swanctl --list-sas"),
            Command("FortiGate", "diagnose vpn tunnel list"),
            Command("Juniper SRX", "show security ipsec security-associations"),
            Command("Clavister", "flow -show -verbose"),
        ],
        cover: &[Cover::Blocks(IPSEC_SA)],
        findings: &["OneWayTraffic", "InboundOnlyTraffic", "IpsecPacketErrors"],
    },
    StepDef {
        id: "selectors",
        title: "Check the traffic selectors (proxy ids) on both sides",
        why: "A responder rejects a proposed network larger than its own, so a tunnel may come up from one side only.",
        collect: &[
            Compare("Compare both peers' configurations"),
            Command("Cisco IOS", "show crypto ipsec sa"),
        ],
        cover: &[Cover::Config, Cover::Blocks(IPSEC_SA)],
        findings: &["TrafficSelectorMismatch"],
    },
    StepDef {
        id: "sa_limit",
        title: "Stay within 8 child SAs per direction",
        why: "Zscaler adds no more than 8 child SAs per direction; traffic of the extra ones is not routed. Consolidate the subnets.",
        collect: &[Command("Cisco IOS", "show crypto ipsec sa")],
        cover: &[Cover::Blocks(IPSEC_SA)],
        findings: &["ChildSaLimitExceeded"],
    },
    StepDef {
        id: "phase2_null",
        title: "Use NULL encryption in phase 2 unless encryption is subscribed",
        why: "Encrypted phase 2 towards Zscaler needs an additional subscription.",
        collect: &[
            Command("Cisco IOS", "show crypto ipsec sa"),
            Compare("Compare with Zscaler's parameters"),
        ],
        cover: &[Cover::Blocks(IPSEC_SA), Cover::Config],
        findings: &["Phase2EncryptionNotNull"],
    },
    StepDef {
        id: "routing",
        title: "Check static routes or policy-based routing into the tunnel",
        why: "The gateway must send the traffic over the tunnel; a capture proves it.",
        collect: &[
            Command("Cisco IOS", "show ip route"),
            Manual("Packet capture on the gateway"),
        ],
        cover: &[],
        findings: &[],
    },
    StepDef {
        id: "mtu",
        title: "Check the path MTU and the MSS of tunnelled TCP",
        why: "IPsec overhead lowers the usable MTU; large packets dropped on the path stall transfers.",
        collect: &[
            Command("Cisco IOS", "show crypto ipsec sa"),
            Command("Cisco IOS", "show interfaces Tunnel<n>"),
        ],
        cover: &[Cover::Blocks(IPSEC_SA), Cover::Blocks(TUNNEL_IF)],
        findings: &["PathMtuReduced", "MssTooHighForGre"],
    },
];

/// Every checklist, one per (area, symptom).
pub const CHECKLISTS: &[Checklist] = &[
    Checklist {
        area: Area::Pac,
        symptom: Symptom::HardDown,
        title: "PAC / proxy: nothing loads (internet down)",
        source: "ZIA runbook: PAC File, Explicit Proxy and DPP — network causes",
        steps: PAC_HARD_DOWN,
    },
    Checklist {
        area: Area::Pac,
        symptom: Symptom::Flapping,
        title: "PAC / proxy: intermittent failures or slowness",
        source: "ZIA runbook: PAC file causes, latency and path validation",
        steps: PAC_FLAPPING,
    },
    Checklist {
        area: Area::Pac,
        symptom: Symptom::NoTraffic,
        title: "PAC / proxy: the proxy answers but some sites or applications fail",
        source: "ZIA runbook: PAC file causes and authentication causes",
        steps: PAC_NO_TRAFFIC,
    },
    Checklist {
        area: Area::Gre,
        symptom: Symptom::HardDown,
        title: "GRE tunnel is hard down",
        source: "ZIA runbook: GRE Tunnel is Hard Down",
        steps: GRE_HARD_DOWN,
    },
    Checklist {
        area: Area::Gre,
        symptom: Symptom::Flapping,
        title: "GRE tunnel is flapping",
        source: "ZIA runbook: GRE Tunnel is Flapping",
        steps: GRE_FLAPPING,
    },
    Checklist {
        area: Area::Gre,
        symptom: Symptom::NoTraffic,
        title: "GRE tunnel is up but traffic is not working",
        source: "ZIA runbook: GRE Tunnel is UP but Traffic Not Working",
        steps: GRE_NO_TRAFFIC,
    },
    Checklist {
        area: Area::Ipsec,
        symptom: Symptom::HardDown,
        title: "IPsec tunnel is hard down",
        source: "ZIA runbook: IPSec Tunnel is Hard Down; PANCast: troubleshooting IPsec tunnels",
        steps: IPSEC_HARD_DOWN,
    },
    Checklist {
        area: Area::Ipsec,
        symptom: Symptom::Flapping,
        title: "IPsec tunnel is flapping",
        source: "ZIA runbook: IPSec Tunnel Flapping; PANCast: DPD and tunnel monitoring",
        steps: IPSEC_FLAPPING,
    },
    Checklist {
        area: Area::Ipsec,
        symptom: Symptom::NoTraffic,
        title: "IPsec tunnel is up but traffic is not working",
        source: "ZIA runbook: IPSec Tunnel is UP but Traffic is Not Working",
        steps: IPSEC_NO_TRAFFIC,
    },
];
