//! The fault catalogue: every finding id netdiag can emit, what it means, what triggers it,
//! its default severity and the recommended actions (with vendor documentation links where
//! the source documents give them). This is the ONE place ids are defined; `docs/findings.md`
//! is generated from it (a test keeps them in sync: `NETDIAG_BLESS=1 cargo test -p
//! netdiag-core catalogue` rewrites the file).
//!
//! Ids follow Azure Network Watcher's fault types where one fits (`Authentication`,
//! `PeerReachability`, `IkePolicyMismatch`, `GatewayCPUUsageExceeded`,
//! `ConnectionsNotConnected`) and clear CamelCase names otherwise. Ids are never reused.

use serde::Serialize;

use crate::finding::{Action, Severity};

/// A documentation link.
pub mod uri {
    /// Zscaler ZIA traffic forwarding troubleshooting runbook.
    pub const ZS_RUNBOOK: &str = "https://help.zscaler.com/troubleshooting-runbooks/zia-traffic-forwarding-troubleshooting-runbook";
    /// Zscaler: best practices for deploying GRE tunnels (MSS calculation, probes).
    pub const ZS_GRE_BEST_PRACTICES: &str =
        "https://help.zscaler.com/zia/best-practices-deploying-gre-tunnels";
    /// Zscaler: GRE configuration example for a Cisco 881 (IP SLA).
    pub const ZS_GRE_CISCO_IPSLA: &str =
        "https://help.zscaler.com/zia/gre-configuration-example-cisco-881-isr#verify-ipsla";
    /// Zscaler: configuring an IPsec VPN tunnel.
    pub const ZS_IPSEC_CONFIG: &str = "https://help.zscaler.com/zia/configuring-ipsec-vpn-tunnel";
    /// Zscaler: supported IPsec parameters.
    pub const ZS_IPSEC_PARAMETERS: &str = "https://help.zscaler.com/zia/about-ipsec-vpns";
    /// Zscaler: authentication exemptions.
    pub const ZS_AUTH_EXEMPTIONS: &str =
        "https://help.zscaler.com/zia/exempting-urls-cloud-apps-authentication";
    /// Zscaler: service edge hostnames and addresses.
    pub const ZS_SERVICE_EDGES: &str =
        "https://help.zscaler.com/zia/locating-hostnames-and-ip-addresses-zia-public-service-edges";
    /// Cisco: IP fragmentation, PMTUD and GRE/IPsec.
    pub const CISCO_PMTUD: &str = "https://www.cisco.com/c/en/us/support/docs/ip/generic-routing-encapsulation-gre/25885-pmtud-ipfrag.html";
    /// Azure Network Watcher VPN troubleshoot.
    pub const AZURE_VPN_TROUBLESHOOT: &str =
        "https://learn.microsoft.com/azure/network-watcher/vpn-troubleshoot-overview";
    /// RFC 3947, NAT traversal in IKE.
    pub const RFC_NAT_T: &str = "https://www.rfc-editor.org/rfc/rfc3947";
    /// RFC 7296, IKEv2 (traffic selectors, notify types).
    pub const RFC_IKEV2: &str = "https://www.rfc-editor.org/rfc/rfc7296";
    /// RFC 3706, dead peer detection.
    pub const RFC_DPD: &str = "https://www.rfc-editor.org/rfc/rfc3706";
}

/// A recommended action in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActionRef {
    /// What to do.
    pub text: &'static str,
    /// Where to read more.
    pub uri: Option<&'static str>,
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CatalogueEntry {
    /// Stable fault id.
    pub id: &'static str,
    /// Area (`ipsec`, `gre`, `pac`...).
    pub area: &'static str,
    /// Short title.
    pub title: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// What triggers it.
    pub trigger: &'static str,
    /// Default severity.
    pub default_severity: Severity,
    /// Recommended actions, most useful first.
    pub actions: &'static [ActionRef],
}

const fn a(text: &'static str) -> ActionRef {
    ActionRef { text, uri: None }
}

const fn l(text: &'static str, uri: &'static str) -> ActionRef {
    ActionRef {
        text,
        uri: Some(uri),
    }
}

use Severity::{Error, Info, Warning};
use uri::*;

/// Every fault id, in documentation order.
pub static CATALOGUE: &[CatalogueEntry] = &[
    // --- input -------------------------------------------------------------------------
    CatalogueEntry {
        id: "IncompleteInput",
        area: "input",
        title: "Output cut off",
        meaning: "A pasted command output ends before it should, so facts in the missing part cannot be checked.",
        trigger: "A parser marked a block as truncated (a record or table stops mid-way).",
        default_severity: Warning,
        actions: &[a(
            "Paste the complete output again (disable paging with `terminal length 0` on Cisco).",
        )],
    },
    CatalogueEntry {
        id: "UnrecognizedInput",
        area: "input",
        title: "Output not recognised",
        meaning: "Part of the paste matches no supported command, so no rule looked at it.",
        trigger: "A block of the paste was detected as no known command kind.",
        default_severity: Info,
        actions: &[a(
            "Check the command is one netdiag reads (see the supported commands list) and paste it with its prompt line.",
        )],
    },
    // --- IKE / IPsec ------------------------------------------------------------------
    CatalogueEntry {
        id: "Phase1NotEstablished",
        area: "ipsec",
        title: "IKE (phase 1) SA not established",
        meaning: "The IKE/ISAKMP negotiation with a peer has not completed, so no IPsec SA can be built.",
        trigger: "An IKE SA in a negotiating, failed or deleting state: MM_NO_STATE, MM_SA_SETUP, MM_KEY_EXCH, MM_KEY_AUTH, AG_*, MM_WAIT_MSG*, IKEv2 IN-NEG or DELETE, session DOWN.",
        default_severity: Error,
        actions: &[
            a(
                "MM_NO_STATE / IN-NEG: check the peer answers on UDP 500/4500 and that an IKE proposal matches on both sides (compare the two configurations).",
            ),
            a(
                "MM_KEY_EXCH / MM_KEY_AUTH / AG_AUTH: the proposal matched but authentication failed: check the pre-shared key and the identities on both sides.",
            ),
            a("Troubleshoot from the responder: its logs say why it rejects the negotiation."),
            l(
                "Zscaler: validate the VPN credentials and the supported IKE parameters.",
                ZS_IPSEC_PARAMETERS,
            ),
        ],
    },
    CatalogueEntry {
        id: "Phase2NotEstablished",
        area: "ipsec",
        title: "IPsec (phase 2) SA not established",
        meaning: "Phase 1 is up but no IPsec (child) SA is installed, so no traffic is protected.",
        trigger: "An IPsec SA entry whose inbound and outbound ESP/AH SA lists are both empty.",
        default_severity: Error,
        actions: &[
            a(
                "Compare the phase-2 proposals (transform sets), PFS group and the protected networks of both peers: they must match exactly.",
            ),
            a(
                "Generate interesting traffic (the crypto ACL / traffic selector) and check the responder's log for 'no proposal chosen' or TS_UNACCEPTABLE.",
            ),
        ],
    },
    CatalogueEntry {
        id: "NatTraversalMissing",
        area: "ipsec",
        title: "NAT between peers without NAT-T",
        meaning: "One peer sits behind NAT but IKE/ESP is not encapsulated in UDP 4500, so ESP cannot cross the NAT.",
        trigger: "A private local tunnel address with a public peer and NAT-T disabled or not in use (UDP 500 only, no UDP encapsulation).",
        default_severity: Error,
        actions: &[
            l(
                "Enable NAT traversal on both peers and allow UDP 500 and 4500 through the NAT device.",
                RFC_NAT_T,
            ),
            l(
                "Zscaler: behind NAT use FQDN-based VPN credentials and the FQDN as IKE ID.",
                ZS_RUNBOOK,
            ),
        ],
    },
    CatalogueEntry {
        id: "OneWayTraffic",
        area: "ipsec",
        title: "Encrypting but nothing comes back",
        meaning: "Packets are encapsulated into the tunnel but none are decapsulated: the return traffic never arrives through the tunnel.",
        trigger: "An IPsec SA with #pkts encaps > 0 and #pkts decaps = 0.",
        default_severity: Error,
        actions: &[
            a(
                "Check the peer has a matching SA and routes the return traffic into the tunnel (its crypto ACL / traffic selectors mirror yours).",
            ),
            a(
                "Check NAT exemption for the protected networks on both sides and that ESP (or UDP 4500) is not filtered on the way back.",
            ),
            l(
                "Zscaler: check Tunnel Insights for received bytes, and that the SA limit (8 per direction) is not exceeded.",
                ZS_RUNBOOK,
            ),
        ],
    },
    CatalogueEntry {
        id: "InboundOnlyTraffic",
        area: "ipsec",
        title: "Decrypting but nothing is sent",
        meaning: "Packets arrive through the tunnel but nothing is encapsulated back: replies leave another way (routing, NAT or a missing crypto ACL entry).",
        trigger: "An IPsec SA with #pkts decaps > 0 and #pkts encaps = 0.",
        default_severity: Warning,
        actions: &[
            a(
                "Check the route (or policy-based routing) for the remote networks points into the tunnel, and that NAT is exempted for them.",
            ),
            a("Check the local crypto ACL / traffic selectors mirror the peer's."),
        ],
    },
    CatalogueEntry {
        id: "IpsecPacketErrors",
        area: "ipsec",
        title: "IPsec send/receive errors",
        meaning: "The SA counts send or receive errors: packets are dropped inside IPsec processing.",
        trigger: "An IPsec SA with #send errors > 0 or #recv errors > 0.",
        default_severity: Warning,
        actions: &[
            a(
                "Clear the counters and watch whether they grow; correlate with replay, MTU/fragmentation or SA mismatch messages in the log.",
            ),
            l(
                "Large packets: lower the tunnel MTU / MSS to avoid fragmentation after encryption.",
                CISCO_PMTUD,
            ),
        ],
    },
    // --- GRE / tunnel interfaces ------------------------------------------------------
    CatalogueEntry {
        id: "TunnelLineProtocolDown",
        area: "gre",
        title: "Tunnel line protocol down",
        meaning: "The tunnel interface is enabled but its line protocol is down, so nothing is routed through it.",
        trigger: "`Tunnel… is up, line protocol is down` in show interfaces (or an equivalent status).",
        default_severity: Error,
        actions: &[
            l(
                "Ping the tunnel destination (the GRE VIP) from the gateway; if it fails check firewalls/ACLs and ask the ISP about GRE (IP protocol 47).",
                ZS_RUNBOOK,
            ),
            a(
                "Check the tunnel destination is the VIP from the provider's configuration page and the source is the right interface.",
            ),
            a(
                "Check keepalives and IP SLA tracking: a failed probe can hold the line protocol down.",
            ),
        ],
    },
    CatalogueEntry {
        id: "TunnelAdminDown",
        area: "gre",
        title: "Tunnel administratively down",
        meaning: "The tunnel interface is shut down in the configuration.",
        trigger: "`Tunnel… is administratively down` (or `shutdown` in its configuration).",
        default_severity: Warning,
        actions: &[a(
            "If the tunnel should carry traffic, enable it (`no shutdown`); if it is the standby of a pair, this is expected.",
        )],
    },
    CatalogueEntry {
        id: "GreKeepaliveBehindNat",
        area: "gre",
        title: "GRE keepalives through NAT",
        meaning: "GRE keepalives are configured on a tunnel whose source is behind NAT; keepalives are not supported through NAT and hold the tunnel down.",
        trigger: "A GRE tunnel with `keepalive` whose source address is private while the destination is public.",
        default_severity: Warning,
        actions: &[
            l(
                "Disable GRE keepalives (`no keepalive`) and monitor the tunnel with IP SLA HTTP probes to gateway.<cloud>.net/vpntest instead.",
                ZS_RUNBOOK,
            ),
            a(
                "Make sure the NAT device translates GRE to the address registered as the GRE source.",
            ),
        ],
    },
    CatalogueEntry {
        id: "MssTooHighForGre",
        area: "gre",
        title: "TCP MSS too high for the tunnel",
        meaning: "TCP segments clamped to this MSS do not fit the tunnel after GRE (24 bytes) and IP/TCP headers (40 bytes), so they fragment or are dropped.",
        trigger: "A GRE tunnel whose `ip tcp adjust-mss` is above link MTU − 24 − 20 − 20 (1436 for a 1500-byte link), or a GRE tunnel configuration with no MSS clamping (hosts then use 1460).",
        default_severity: Warning,
        actions: &[
            l(
                "Set `ip tcp adjust-mss` to link MTU − 64 (1436 for a 1500-byte link) on the tunnel interface.",
                ZS_GRE_BEST_PRACTICES,
            ),
            l("Background: PMTUD and fragmentation with GRE.", CISCO_PMTUD),
        ],
    },
    CatalogueEntry {
        id: "GreAddressingInconsistent",
        area: "gre",
        title: "GRE internal addressing inconsistent",
        meaning: "The tunnel's internal address does not follow the provider's /30 plan (customer .1, provider .2 of the /30).",
        trigger: "A GRE tunnel towards Zscaler whose address is not the first host of a /30.",
        default_severity: Warning,
        actions: &[l(
            "Use the internal addresses shown for the location under GRE Tunnel Information in the ZIA Admin Portal (customer = network + 1, Zscaler = network + 2, mask 255.255.255.252).",
            ZS_RUNBOOK,
        )],
    },
    // --- health probes ----------------------------------------------------------------
    CatalogueEntry {
        id: "SlaProbeTimeout",
        area: "probes",
        title: "Health probe failing",
        meaning: "An IP SLA (or similar) health probe times out or fails, which makes failover tracking take the tunnel down or flap.",
        trigger: "A probe whose latest return code is Timeout / No connection / an error, or with failures and no successes.",
        default_severity: Error,
        actions: &[
            l(
                "Check the probe target answers through the tunnel (`show ip sla statistics`), and the path for loss (MTR outside the tunnel).",
                ZS_GRE_CISCO_IPSLA,
            ),
            a(
                "If the path has latency spikes, raise the probe timeout/threshold rather than flapping the tunnel.",
            ),
        ],
    },
    CatalogueEntry {
        id: "SlaProbeTarget",
        area: "probes",
        title: "Health probe not aimed at the health URL",
        meaning: "The provider recommends HTTP probes to gateway.<cloud>.net/vpntest; other targets do not prove the service edge forwards traffic.",
        trigger: "A probe towards Zscaler whose URL is not gateway.<cloud>.net/vpntest, or an ICMP probe (info).",
        default_severity: Warning,
        actions: &[l(
            "Probe http://gateway.<cloud>.net/vpntest through the tunnel (use ICMP only when the device cannot do HTTP probes).",
            ZS_RUNBOOK,
        )],
    },
    // --- path -------------------------------------------------------------------------
    CatalogueEntry {
        id: "PathLossAtDestination",
        area: "path",
        title: "Packet loss reaching the destination",
        meaning: "Loss starts at one hop and carries on to the destination: real loss on the path, which makes health probes fail and tunnels flap.",
        trigger: "An MTR whose last hop shows loss and every hop from the first lossy one onwards shows loss too.",
        default_severity: Error,
        actions: &[l(
            "Run MTR for at least 300 packets outside the tunnel (`mtr -nrc 300 <VIP>`) and raise a ticket with the ISP owning the first lossy hop.",
            ZS_RUNBOOK,
        )],
    },
    CatalogueEntry {
        id: "IcmpRateLimitedHop",
        area: "path",
        title: "Loss at an intermediate hop only",
        meaning: "A router in the path drops or rate-limits the ICMP replies to MTR but forwards traffic fine: not a fault.",
        trigger: "An MTR hop with loss while the following hops and the destination show none.",
        default_severity: Info,
        actions: &[a(
            "No action: judge loss by the destination hop. Only loss that continues to the destination matters.",
        )],
    },
    CatalogueEntry {
        id: "LatencyAboveBudget",
        area: "path",
        title: "Latency above the distance budget",
        meaning: "Round-trip time to the service edge is higher than the distance justifies (about 60 ms per 4,000 km, up to 100 ms per 4,000 km in less developed regions): suboptimal routing or congestion.",
        trigger: "An RTT (MTR destination, ping average, browser check median) above the budget for the distance given, or above a check's own budget.",
        default_severity: Warning,
        actions: &[
            l(
                "Map the MTR hops to locations to spot detours; raise a ticket with the ISP if the routing is suboptimal.",
                ZS_RUNBOOK,
            ),
            a("Check you use the nearest service edge (primary / secondary data centre)."),
            a("Tune IP SLA timeouts to tolerate latency spikes instead of flapping."),
        ],
    },
    CatalogueEntry {
        id: "PingNoReply",
        area: "path",
        title: "No ping replies",
        meaning: "Every echo request went unanswered: the target is unreachable or ICMP is filtered.",
        trigger: "A ping run with 0 replies (0 % success).",
        default_severity: Warning,
        actions: &[
            l(
                "Check firewalls/ACLs on the way and capture on the edge to see whether packets leave; ask the ISP if they do.",
                ZS_RUNBOOK,
            ),
            a(
                "ICMP may be blocked while TCP works: confirm with a TCP test (telnet / Test-NetConnection to 80/443).",
            ),
        ],
    },
    CatalogueEntry {
        id: "PathMtuReduced",
        area: "path",
        title: "Path MTU below the packet size",
        meaning: "Packets with Don't Fragment set and this size do not fit the path: large packets are dropped unless MSS/MTU are lowered.",
        trigger: "A DF ping answered with 'fragmentation needed' (Cisco `M`) or failing at a size larger than what gets through.",
        default_severity: Warning,
        actions: &[
            l(
                "Find the largest DF size that passes and set tunnel `ip mtu` / `ip tcp adjust-mss` accordingly (MSS = MTU − 40).",
                CISCO_PMTUD,
            ),
            a(
                "Capture for ICMP type 3 code 4 (`icmp.type==3 and icmp.code==4`) to see who reports the smaller MTU.",
            ),
        ],
    },
    // --- Zscaler ----------------------------------------------------------------------
    CatalogueEntry {
        id: "ChildSaLimitExceeded",
        area: "zscaler",
        title: "More than 8 child SAs per direction",
        meaning: "Zscaler installs at most 8 child SAs (SPD entries) per direction; further ones are not added and their traffic is not routed.",
        trigger: "More than 8 distinct local/remote selector pairs to one Zscaler peer.",
        default_severity: Error,
        actions: &[l(
            "Consolidate the interesting-traffic subnets into at most 8 selectors (or route 0.0.0.0/0 into a route-based tunnel).",
            ZS_RUNBOOK,
        )],
    },
    CatalogueEntry {
        id: "Phase2EncryptionNotNull",
        area: "zscaler",
        title: "Phase-2 encryption towards Zscaler",
        meaning: "Zscaler tunnels use NULL phase-2 encryption unless the encrypted-VPN subscription is bought; without it phase 2 fails.",
        trigger: "A phase-2 transform towards Zscaler with an encryption algorithm other than NULL.",
        default_severity: Warning,
        actions: &[l(
            "Offer esp-null in the transform set / ESP proposal, unless the encrypted-VPN subscription is enabled for your tenant.",
            ZS_IPSEC_PARAMETERS,
        )],
    },
    CatalogueEntry {
        id: "IkeIdentityModeMismatch",
        area: "zscaler",
        title: "IKE identity does not fit the mode",
        meaning: "Zscaler matches VPN credentials by IP in main mode and by FQDN in aggressive mode (and behind NAT).",
        trigger: "Towards Zscaler: aggressive mode without an FQDN identity, or main mode without an IP identity.",
        default_severity: Warning,
        actions: &[l(
            "Aggressive mode: PSK + FQDN credential with the FQDN as IKE ID. Main mode: PSK + IP credential.",
            ZS_IPSEC_CONFIG,
        )],
    },
    CatalogueEntry {
        id: "Ikev1OnNewTenant",
        area: "zscaler",
        title: "IKEv1 towards Zscaler",
        meaning: "New Zscaler tenants can no longer establish IKEv1 tunnels unless support enables it.",
        trigger: "An IKEv1 SA or configuration towards Zscaler.",
        default_severity: Info,
        actions: &[l(
            "Use IKEv2 (recommended); if the device only supports IKEv1 on a new tenant, raise a support case to enable it.",
            ZS_RUNBOOK,
        )],
    },
    // --- certificates -----------------------------------------------------------------
    CatalogueEntry {
        id: "CertificateExpired",
        area: "certificates",
        title: "Certificate expired",
        meaning: "A certificate used for IKE authentication is past its end date by the device's clock, so authentication fails.",
        trigger: "A certificate whose end date is before the device clock (show clock / date).",
        default_severity: Error,
        actions: &[
            a("Renew the certificate (and its CA chain) and re-enrol."),
            a(
                "Check the device clock and NTP first: a wrong clock makes valid certificates look expired.",
            ),
        ],
    },
    CatalogueEntry {
        id: "CertificateNotYetValid",
        area: "certificates",
        title: "Certificate not yet valid",
        meaning: "A certificate's start date is after the device's clock: newly issued by a CA in another time zone, or the device clock is wrong.",
        trigger: "A certificate whose start date is after the device clock.",
        default_severity: Error,
        actions: &[a(
            "Check the device clock, time zone and NTP; wait until the start date or re-issue the certificate with an earlier start.",
        )],
    },
    // --- IKE failures from logs ------------------------------------------------------
    CatalogueEntry {
        id: "Authentication",
        area: "ipsec",
        title: "IKE authentication failed",
        meaning: "The peers do not authenticate each other: usually a pre-shared key mismatch (Azure: 'Preshared key mismatch').",
        trigger: "Azure error 13801 (ERROR_IPSEC_IKE_AUTH_FAIL), 'IKE authentication credentials are unacceptable', Clavister 'Incorrect pre-shared key', AUTHENTICATION_FAILED, Zscaler PSKEY_MISMATCH.",
        default_severity: Error,
        actions: &[
            a("Re-enter the pre-shared key on both sides, of the same type (passphrase or hex)."),
            a(
                "Check the right tunnel definition is matched: a tunnel higher in the list with remote network all-nets and no remote endpoint can capture the negotiation (Clavister).",
            ),
            l(
                "Azure: check shared key, crypto and lifetimes.",
                AZURE_VPN_TROUBLESHOOT,
            ),
        ],
    },
    CatalogueEntry {
        id: "PeerReachability",
        area: "ipsec",
        title: "Peer gateway not reachable",
        meaning: "The IKE negotiation timed out: the peer never answered (Azure: 'The peer gateway isn't reachable').",
        trigger: "Azure error 13805 (IKE negotiation timed out) or a vendor log saying the peer did not respond.",
        default_severity: Error,
        actions: &[
            a(
                "Check the peer's public address, and that UDP 500/4500 (and ESP) reach it: firewalls, ACLs, ISP filtering.",
            ),
            l(
                "Azure VPN troubleshoot: PeerReachability.",
                AZURE_VPN_TROUBLESHOOT,
            ),
        ],
    },
    CatalogueEntry {
        id: "IkePolicyMismatch",
        area: "ipsec",
        title: "IKE/IPsec policy mismatch",
        meaning: "No proposal of one side is acceptable to the other ('no proposal chosen'); Azure: the peer has IKE policies Azure does not support.",
        trigger: "Azure errors 13825 (no policy) and 13868 (policy match), 'Policy Mismatch' notifies, Clavister 'Could not find acceptable proposal / no proposal chosen', NO_PROPOSAL_CHOSEN.",
        default_severity: Error,
        actions: &[
            a(
                "Compare both peers' proposals (encryption, integrity, DH group, lifetime, PFS): at least one must match. Use `netdiag compare`.",
            ),
            a(
                "Phase 2: also compare the local/remote networks — they must be mirror images of the same size.",
            ),
            l(
                "Azure: use a custom IPsec/IKE policy matching the on-premises device.",
                AZURE_VPN_TROUBLESHOOT,
            ),
        ],
    },
    CatalogueEntry {
        id: "TrafficSelectorMismatch",
        area: "ipsec",
        title: "Traffic selectors not accepted",
        meaning: "The protected networks proposed by one side are not acceptable to the other (TS_UNACCEPTABLE); often one side's network is larger, so the tunnel comes up only from one side.",
        trigger: "TS_UNACCEPTABLE / traffic selector rejection in a log.",
        default_severity: Error,
        actions: &[
            a(
                "Make the local networks of each side exactly the remote networks of the other (same size).",
            ),
            l(
                "IKEv2 traffic selector narrowing (RFC 7296 section 2.9).",
                RFC_IKEV2,
            ),
        ],
    },
    CatalogueEntry {
        id: "InvalidPayload",
        area: "ipsec",
        title: "Invalid IKE payload",
        meaning: "The peer sent an IKE message that could not be processed (Azure: 'On-prem device sent invalid payload').",
        trigger: "Azure error 13843 (ERROR_IPSEC_IKE_INVALID_PAYLOAD), Clavister Ike_invalid_payload.",
        default_severity: Error,
        actions: &[
            a(
                "Check both sides agree on the IKE version and proposals; update the peer's firmware if it sends malformed payloads.",
            ),
            l(
                "Azure VPN troubleshoot: IKE errors.",
                AZURE_VPN_TROUBLESHOOT,
            ),
        ],
    },
    CatalogueEntry {
        id: "IkeInvalidCookie",
        area: "ipsec",
        title: "IKE packet for an unknown SA",
        meaning: "Packets arrive for an IKE SA the receiver no longer has: the tunnel went down on one side only.",
        trigger: "Clavister Ike_invalid_cookie (or INVALID_SPI / invalid cookie messages).",
        default_severity: Warning,
        actions: &[
            a(
                "Remove the tunnel on the side that still believes it is up, then investigate why it went down on one side only.",
            ),
            l(
                "Enable DPD / keepalives on BOTH sides so a dead peer is detected.",
                RFC_DPD,
            ),
        ],
    },
    CatalogueEntry {
        id: "PayloadMalformed",
        area: "ipsec",
        title: "Malformed payload (PSK type)",
        meaning: "Usually the pre-shared key is of a different type on each side (passphrase vs hex key).",
        trigger: "Clavister Payload_Malformed.",
        default_severity: Error,
        actions: &[a(
            "Use the same pre-shared key type on both sides (passphrase or hex key) and re-enter the key.",
        )],
    },
    CatalogueEntry {
        id: "NoPublicKeyFound",
        area: "certificates",
        title: "No public key found",
        meaning: "Certificate authentication failed: certificates not signed by the same CA, outside their validity (clock or time zone), or the CRL cannot be reached.",
        trigger: "Clavister 'No public key found'.",
        default_severity: Error,
        actions: &[
            a(
                "Check both certificates chain to the same CA and are within their validity by each device's clock (time zones!).",
            ),
            a("Check the CRL path and DNS; temporarily disable CRL checking to test."),
            a("First bring the tunnel up with a PSK, then switch to certificates."),
        ],
    },
    // --- Azure gateway ----------------------------------------------------------------
    CatalogueEntry {
        id: "GatewayCPUUsageExceeded",
        area: "azure",
        title: "Gateway CPU above 95 %",
        meaning: "The VPN gateway's CPU usage is above 95 %: it drops or delays IKE and data traffic.",
        trigger: "Azure CPUStats 'Current CPU Usage' > 95 %.",
        default_severity: Error,
        actions: &[l(
            "Reduce load or resize the gateway SKU; check for a traffic surge or many flapping tunnels.",
            AZURE_VPN_TROUBLESHOOT,
        )],
    },
    CatalogueEntry {
        id: "ConnectionsNotConnected",
        area: "azure",
        title: "Connection not connected",
        meaning: "The connection is not in the connected state.",
        trigger: "Azure ConnectionStats 'Connectivity State' other than Connected (or a session table saying down).",
        default_severity: Warning,
        actions: &[l(
            "Look at IKEErrors / IKELogs for the reason (authentication, policy mismatch, reachability).",
            AZURE_VPN_TROUBLESHOOT,
        )],
    },
    // --- PAC --------------------------------------------------------------------------
    CatalogueEntry {
        id: "PacErrorGoesDirect",
        area: "pac",
        title: "PAC error: clients go DIRECT",
        meaning: "The PAC file fails to evaluate; browsers then connect DIRECT, which the firewall usually drops.",
        trigger: "A PAC syntax/runtime error, a missing FindProxyForURL, or an invalid return value.",
        default_severity: Error,
        actions: &[
            a("Fix the PAC error at the line shown; test the PAC with netdiag before deploying."),
            l(
                "Check the PAC audit log for a recent change and redeploy the previous version.",
                ZS_RUNBOOK,
            ),
        ],
    },
    CatalogueEntry {
        id: "IdpSentToProxy",
        area: "pac",
        title: "Identity provider sent to the proxy",
        meaning: "Requests to the identity provider go through the proxy, which redirects them for authentication again: an authentication loop.",
        trigger: "A test URL on an IdP / authentication domain (login.microsoftonline.com, okta.com, auth0.com, the cloud's login host...) answered with a PROXY.",
        default_severity: Warning,
        actions: &[
            a(
                "Return DIRECT for the IdP domains in the PAC (bypass), or add them to the authentication exemptions.",
            ),
            l(
                "Zscaler: exempting URLs from authentication.",
                ZS_AUTH_EXEMPTIONS,
            ),
        ],
    },
    CatalogueEntry {
        id: "NoDirectFallback",
        area: "pac",
        title: "No DIRECT fallback",
        meaning: "When every proxy in the answer is unreachable, browsing fails (fail-closed). This is a choice; know that it was made.",
        trigger: "A proxied URL whose answer has no DIRECT entry after the proxies.",
        default_severity: Info,
        actions: &[a(
            "Keep it fail-closed if policy requires; otherwise add `; DIRECT` after the secondary proxy.",
        )],
    },
    CatalogueEntry {
        id: "PacResolvesEveryUrl",
        area: "pac",
        title: "PAC resolves DNS for every URL",
        meaning: "The PAC calls dnsResolve/isInNet/isResolvable on every host, so each request waits for DNS and fails slowly when DNS does.",
        trigger: "Every test URL with a host name caused a DNS lookup in the PAC.",
        default_severity: Warning,
        actions: &[a(
            "Test host-name rules (dnsDomainIs, shExpMatch) first and resolve only for the hosts that need an address check.",
        )],
    },
    // --- browser checks ---------------------------------------------------------------
    CatalogueEntry {
        id: "PacUnreachable",
        area: "checks",
        title: "PAC file not reachable",
        meaning: "The browser could not download the PAC file, so it cannot know which proxy to use.",
        trigger: "A browser check of the PAC URL that was refused, timed out or blocked.",
        default_severity: Error,
        actions: &[l(
            "Check DNS and reachability of pac.<cloud>.net (80/443); if reachable but the download fails, capture for IP fragmentation.",
            ZS_RUNBOOK,
        )],
    },
    CatalogueEntry {
        id: "ServiceNotListening",
        area: "checks",
        title: "Connection refused",
        meaning: "The host answered but refused the connection on that port: nothing listens there, or a device actively rejects it.",
        trigger: "A browser check of a proxy or gateway that was refused, or a telnet test that was refused.",
        default_severity: Error,
        actions: &[l(
            "Check the port: 80/443 must be open; a dedicated proxy port (e.g. 10938) fails when it is not provisioned.",
            ZS_RUNBOOK,
        )],
    },
    CatalogueEntry {
        id: "TcpPortFiltered",
        area: "checks",
        title: "Connection timed out (filtered)",
        meaning: "No answer arrived: packets are silently dropped on the way (a firewall or routing problem).",
        trigger: "A browser check of a proxy or gateway that timed out, or a telnet / Test-NetConnection test that timed out or failed.",
        default_severity: Error,
        actions: &[l(
            "Check the firewall egress rules for the proxy/gateway addresses and ports 80/443; run MTR towards the host.",
            ZS_SERVICE_EDGES,
        )],
    },
    CatalogueEntry {
        id: "ProxyPortBlocked",
        area: "checks",
        title: "Request blocked",
        meaning: "The request was blocked before reaching the service (browser policy, an intermediate proxy or a block page).",
        trigger: "A browser check of a proxy or gateway with the verdict `blocked`.",
        default_severity: Error,
        actions: &[a(
            "Check the local proxy settings, extensions and any upstream proxy or firewall policy that blocks the port.",
        )],
    },
];

/// The entry for `id`.
pub fn entry(id: &str) -> Option<&'static CatalogueEntry> {
    CATALOGUE.iter().find(|e| e.id == id)
}

/// The catalogue's actions for `id`, as finding actions.
pub fn actions(id: &str) -> Vec<Action> {
    entry(id)
        .map(|e| {
            e.actions
                .iter()
                .map(|a| Action {
                    text: a.text.to_string(),
                    uri: a.uri.map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `docs/findings.md`, generated.
pub fn render_markdown() -> String {
    let mut s = String::from(
        "# Findings catalogue\n\n<!-- Generated from crates/core/src/rules/catalogue.rs by `NETDIAG_BLESS=1 cargo test -p netdiag-core catalogue`. Do not edit by hand. -->\n\n\
Every finding netdiag emits has one of these ids. Ids follow Azure Network Watcher's fault types where one fits and clear CamelCase names otherwise; they are stable and never reused.\n\n\
| id | area | severity | title |\n|---|---|---|---|\n",
    );
    for e in CATALOGUE {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            e.id,
            e.id.to_lowercase(),
            e.area,
            sev(e.default_severity),
            e.title
        ));
    }
    for e in CATALOGUE {
        s.push_str(&format!(
            "\n## {}\n\n**{}** · area: {} · default severity: {}\n\n**Meaning.** {}\n\n**Triggered by.** {}\n\n**Actions.**\n\n",
            e.id,
            e.title,
            e.area,
            sev(e.default_severity),
            e.meaning,
            e.trigger
        ));
        for a in e.actions {
            match a.uri {
                Some(u) => s.push_str(&format!("- {} ([reference]({u}))\n", a.text)),
                None => s.push_str(&format!("- {}\n", a.text)),
            }
        }
    }
    s
}

fn sev(s: Severity) -> &'static str {
    match s {
        Error => "error",
        Warning => "warning",
        Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_camel_case_with_actions() {
        let mut seen = std::collections::BTreeSet::new();
        for e in CATALOGUE {
            assert!(seen.insert(e.id), "duplicate {}", e.id);
            assert!(e.id.chars().all(|c| c.is_ascii_alphanumeric()), "{}", e.id);
            assert!(!e.actions.is_empty(), "{} has no action", e.id);
            assert!(!e.meaning.is_empty() && !e.trigger.is_empty());
        }
    }

    #[test]
    fn catalogue_doc_is_in_sync() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/findings.md");
        let want = render_markdown();
        if std::env::var_os("NETDIAG_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "docs/findings.md is out of date: run NETDIAG_BLESS=1 cargo test -p netdiag-core catalogue"
        );
    }
}
