//! What a browser cannot test (ICMP, raw TCP ports, MTU, the path, tunnels), each with the
//! exact commands to run instead on Windows, macOS, Linux or the tunnel gateway, filled in with
//! the plan's key hosts. The commands follow the runbook (ping, telnet / Test-NetConnection,
//! `mtr -nrc 300`, WinMTR, DF-bit pings) and the tools' own documentation.

use serde::{Deserialize, Serialize};

/// Where a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Windows (Command Prompt or PowerShell).
    Windows,
    /// macOS Terminal.
    Macos,
    /// Linux shell.
    Linux,
    /// The tunnel gateway (router, firewall, VPN box).
    Device,
}

/// One manual test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualCheck {
    /// Stable id (`icmp-ping`, `tcp-ports`, `mtu`, `path`, `tunnels`).
    pub id: String,
    /// Short title.
    pub title: String,
    /// Why the page cannot do it.
    pub why_not_in_browser: String,
    /// What a good and a bad result look like.
    pub look_for: String,
    /// Commands per platform.
    pub commands: Vec<PlatformCommands>,
}

/// The commands of one platform, one per line, ready to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformCommands {
    /// Where they run.
    pub platform: Platform,
    /// The shell or tool (`Command Prompt`, `PowerShell`, `Terminal`, `Cisco IOS`...).
    pub shell: String,
    /// Commands, one per line.
    pub lines: Vec<String>,
    /// A remark (e.g. how to install the tool), may be empty.
    pub note: String,
}

/// The ports the runbook's telnet step names: HTTP, HTTPS and the Dedicated Proxy Port.
pub const RUNBOOK_PORTS: [u16; 3] = [80, 443, 10938];

fn cmds(platform: Platform, shell: &str, lines: Vec<String>, note: &str) -> PlatformCommands {
    PlatformCommands {
        platform,
        shell: shell.into(),
        lines,
        note: note.into(),
    }
}

/// Every host × template, in host order.
fn each(hosts: &[String], template: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    hosts.iter().flat_map(|h| template(h)).collect()
}

/// The manual checks for `hosts` (at most the first four are used; `<host>` when none).
pub fn manual_checks(hosts: &[String]) -> Vec<ManualCheck> {
    let mut hosts: Vec<String> = hosts.iter().take(4).cloned().collect();
    if hosts.is_empty() {
        hosts.push("<host>".into());
    }
    let h = hosts.as_slice();
    vec![
        ManualCheck {
            id: "icmp-ping".into(),
            title: "ICMP ping".into(),
            why_not_in_browser: "Web pages cannot send ICMP; fetch speaks only HTTP(S). Many \
                networks also drop ICMP while HTTP works, so compare both."
                .into(),
            look_for: "Replies with little or no loss. Compare the round-trip times with the \
                latency budget (60 ms per 4,000 km in developed regions, at most 100 ms)."
                .into(),
            commands: vec![
                cmds(
                    Platform::Windows,
                    "Command Prompt",
                    each(h, |x| vec![format!("ping -n 10 {x}")]),
                    "",
                ),
                cmds(
                    Platform::Macos,
                    "Terminal",
                    each(h, |x| vec![format!("ping -c 10 {x}")]),
                    "",
                ),
                cmds(
                    Platform::Linux,
                    "Shell",
                    each(h, |x| vec![format!("ping -c 10 {x}")]),
                    "",
                ),
            ],
        },
        ManualCheck {
            id: "tcp-ports".into(),
            title: "TCP ports 80, 443 and 10938 (the runbook's telnet step)".into(),
            why_not_in_browser: "A page cannot open a raw TCP connection: it only learns whether \
                an HTTP(S) answer came back, and browsers refuse some ports outright."
                .into(),
            look_for: "80 and 443 must connect (TcpTestSucceeded : True, \"succeeded\", or a \
                blank telnet screen). 10938, the Dedicated Proxy Port, fails unless DPP is \
                provisioned for you — that failure is expected."
                .into(),
            commands: vec![
                cmds(
                    Platform::Windows,
                    "PowerShell",
                    each(h, |x| {
                        RUNBOOK_PORTS
                            .iter()
                            .map(|p| format!("Test-NetConnection {x} -Port {p}"))
                            .collect()
                    }),
                    "Where the Telnet client is enabled: telnet <host> 443 (a blank screen means connected).",
                ),
                cmds(
                    Platform::Macos,
                    "Terminal",
                    each(h, |x| {
                        RUNBOOK_PORTS
                            .iter()
                            .map(|p| format!("nc -vz -G 5 {x} {p}"))
                            .collect()
                    }),
                    "Or: telnet <host> 443 (not installed by default on recent macOS).",
                ),
                cmds(
                    Platform::Linux,
                    "Shell",
                    each(h, |x| {
                        RUNBOOK_PORTS
                            .iter()
                            .map(|p| format!("nc -vz -w 5 {x} {p}"))
                            .collect()
                    }),
                    "Or: telnet <host> 443.",
                ),
            ],
        },
        ManualCheck {
            id: "mtu".into(),
            title: "MTU and fragmentation".into(),
            why_not_in_browser: "A page cannot set the Don't Fragment bit or choose a packet \
                size. The runbook: a PAC download that fails while pac.<cloud> answers points at \
                IP fragmentation."
                .into(),
            look_for: "1472 bytes of data + 28 bytes of headers = a 1500-byte packet. If it \
                fails (\"Packet needs to be fragmented but DF set\", \"Message too long\", \
                \"frag needed\"), lower the size until it passes: the path MTU is that size + 28. \
                In a capture, icmp.type==3 and icmp.code==4 shows the routers' complaints."
                .into(),
            commands: vec![
                cmds(
                    Platform::Windows,
                    "Command Prompt",
                    each(h, |x| vec![format!("ping -f -l 1472 {x}")]),
                    "",
                ),
                cmds(
                    Platform::Macos,
                    "Terminal",
                    each(h, |x| vec![format!("ping -D -s 1472 -c 4 {x}")]),
                    "",
                ),
                cmds(
                    Platform::Linux,
                    "Shell",
                    each(h, |x| vec![format!("ping -M do -s 1472 -c 4 {x}")]),
                    "",
                ),
            ],
        },
        ManualCheck {
            id: "path".into(),
            title: "Traceroute and MTR (the path)".into(),
            why_not_in_browser: "A page cannot send probes with a chosen TTL, so it cannot see \
                the hops between you and the data centre."
                .into(),
            look_for: "Run MTR for at least 300 packets. Loss that starts at one hop and \
                continues to the last one, latency that jumps and stays high, or a detour through \
                a far-away region. Loss on a middle hop only is usually ICMP rate limiting."
                .into(),
            commands: vec![
                cmds(
                    Platform::Windows,
                    "Command Prompt",
                    each(h, |x| {
                        vec![format!("tracert -d {x}"), format!("pathping -n {x}")]
                    }),
                    "WinMTR: enter the host, Start, let it send at least 300 packets, Stop, then \
                     Export TEXT and paste the file below.",
                ),
                cmds(
                    Platform::Macos,
                    "Terminal",
                    each(h, |x| {
                        vec![
                            format!("traceroute -n {x}"),
                            format!("sudo mtr -nrc 300 {x}"),
                        ]
                    }),
                    "mtr comes from Homebrew (brew install mtr).",
                ),
                cmds(
                    Platform::Linux,
                    "Shell",
                    each(h, |x| {
                        vec![
                            format!("mtr -nrc 300 {x}"),
                            format!("mtr -T -P 443 -nrc 300 {x}"),
                            format!("traceroute -n {x}"),
                        ]
                    }),
                    "-n: no name lookups, -r: report, -c: packets; -T -P 443 probes with TCP to 443.",
                ),
            ],
        },
        ManualCheck {
            id: "tunnels".into(),
            title: "GRE and IPsec tunnels".into(),
            why_not_in_browser: "Tunnels are built by the gateway device, not by the browser: \
                nothing this page sends shows whether GRE or IPsec to the data centre is up."
                .into(),
            look_for: "From the tunnel gateway: the data centre's VIP answers ping outside the \
                tunnel, IKE and IPsec SAs are up with packet counters rising both ways, and the \
                health probes target gateway.<cloud>/vpntest. Paste the output below."
                .into(),
            commands: vec![
                cmds(
                    Platform::Device,
                    "Cisco IOS",
                    vec![
                        "ping <GRE or IPsec VIP>".into(),
                        "ping <GRE internal IP> source <tunnel-interface>".into(),
                        "show interfaces tunnel <n>".into(),
                        "show crypto isakmp sa".into(),
                        "show crypto ikev2 sa".into(),
                        "show crypto ipsec sa".into(),
                    ],
                    "",
                ),
                cmds(
                    Platform::Linux,
                    "strongSwan",
                    vec![
                        "swanctl --list-sas".into(),
                        "ip -s tunnel show".into(),
                        "ip xfrm state".into(),
                    ],
                    "",
                ),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_follow_the_runbook_per_platform() {
        let m = manual_checks(&["gateway.zscaler.net".into(), "gw1.example.net".into()]);
        let ids: Vec<&str> = m.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["icmp-ping", "tcp-ports", "mtu", "path", "tunnels"]);
        let lines = |id: &str, p: Platform| -> Vec<String> {
            m.iter()
                .find(|c| c.id == id)
                .unwrap()
                .commands
                .iter()
                .find(|c| c.platform == p)
                .unwrap()
                .lines
                .clone()
        };
        assert_eq!(
            lines("icmp-ping", Platform::Windows)[0],
            "ping -n 10 gateway.zscaler.net"
        );
        assert_eq!(
            lines("icmp-ping", Platform::Linux)[1],
            "ping -c 10 gw1.example.net"
        );
        let tcp = lines("tcp-ports", Platform::Windows);
        assert_eq!(tcp.len(), 6);
        assert_eq!(tcp[2], "Test-NetConnection gateway.zscaler.net -Port 10938");
        assert_eq!(
            lines("mtu", Platform::Windows)[0],
            "ping -f -l 1472 gateway.zscaler.net"
        );
        assert_eq!(
            lines("mtu", Platform::Macos)[0],
            "ping -D -s 1472 -c 4 gateway.zscaler.net"
        );
        assert_eq!(
            lines("mtu", Platform::Linux)[0],
            "ping -M do -s 1472 -c 4 gateway.zscaler.net"
        );
        assert_eq!(
            lines("path", Platform::Linux)[0],
            "mtr -nrc 300 gateway.zscaler.net"
        );
        assert_eq!(
            lines("path", Platform::Windows)[0],
            "tracert -d gateway.zscaler.net"
        );
        assert_eq!(
            lines("tcp-ports", Platform::Macos)[1],
            "nc -vz -G 5 gateway.zscaler.net 443"
        );
    }

    #[test]
    fn placeholder_when_no_host_is_known() {
        let m = manual_checks(&[]);
        assert_eq!(m[0].commands[0].lines, ["ping -n 10 <host>"]);
    }
}
