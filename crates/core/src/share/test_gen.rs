//! A small seeded generator of random [`AppState`]s for the round-trip property tests
//! (hand-rolled so the core's dev-dependencies stay light).

use std::collections::BTreeMap;

use crate::checks::{CheckResult, CheckResults};
use crate::pac::{ClientProfile, PacEnv};

use super::state::{
    AppState, CheckInputs, ChecksPanel, CompareSide, CompareView, DiagnosisInputs, OutputsPanel,
    PacCompare, PacPanel, Paste, TriageState, UiState,
};

/// xorshift64*: deterministic, good enough to explore shapes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A string mixing ASCII, config-like text, quotes, control characters and non-ASCII.
    pub fn string(&mut self, max_len: u64) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            " ",
            "\n",
            "\r\n",
            "\t",
            "\"",
            "'",
            "\\",
            "|",
            "#v1=",
            "é",
            "日本",
            "🙂",
            "\u{0}",
            "\u{7f}",
            "<script>",
            "crypto isakmp key k address 192.0.2.1",
            "function FindProxyForURL(url, host) {",
            "return \"PROXY 198.51.100.7:8080\";",
            "10.1.2.3",
            "2001:db8::1",
            "show crypto ipsec sa",
            "%",
            "&",
            "=",
        ];
        let n = self.below(max_len + 1);
        let mut s = String::new();
        for _ in 0..n {
            let i = usize::try_from(self.below(PIECES.len() as u64)).unwrap_or(0);
            s.push_str(PIECES[i]);
        }
        s
    }

    fn opt_u32(&mut self) -> Option<u32> {
        if self.chance(50) {
            Some(u32::try_from(self.below(u64::from(u32::MAX))).unwrap_or(0))
        } else {
            None
        }
    }

    /// A float as the page would produce one (timings with many digits, zero, large values).
    fn ms(&mut self) -> f64 {
        match self.below(4) {
            0 => 0.0,
            1 => self.below(100_000) as f64 / 10.0,
            2 => (self.next() >> 11) as f64 / (1u64 << 40) as f64,
            _ => f64::from_bits(0x4000_0000_0000_0000 | (self.next() >> 14)),
        }
    }
}

/// Builds a DTO from JSON, so fields added later with defaults need no change here.
fn from_json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

const VERDICTS: [&str; 5] = [
    "answered",
    "answered_opaque",
    "refused",
    "timed_out",
    "blocked",
];

fn check_result(r: &mut Rng, i: u64) -> CheckResult {
    let pick = |r: &mut Rng, n: usize| usize::try_from(r.below(n as u64)).unwrap_or(0);
    let kind = ["pac", "proxy", "gateway", "auth", "other"][pick(r, 5)];
    let verdict = VERDICTS[pick(r, 5)];
    let mut v = serde_json::json!({
        "id": format!("c{i}"),
        "target": r.string(3),
        "kind": kind,
        "verdict": verdict,
        "samples_ms": (0..r.below(5)).map(|_| r.ms()).collect::<Vec<f64>>(),
        "samples": (0..r.below(3))
            .map(|_| {
                let outcome = VERDICTS[pick(r, 5)];
                serde_json::json!({ "outcome": outcome, "ms": r.ms() })
            })
            .collect::<Vec<_>>(),
        "note": r.string(2),
        "reason": r.string(2),
    });
    if r.chance(50) {
        v["stats"] = serde_json::json!({
            "min": r.ms(), "median": r.ms(), "p95": r.ms(), "max": r.ms(), "jitter": r.ms(),
            "failure_share": r.ms(),
        });
    }
    if r.chance(50) {
        v["budget_ms"] = serde_json::json!(r.ms());
    }
    from_json(v)
}

/// A random state exercising every panel.
pub fn state(r: &mut Rng) -> AppState {
    let mut dns = BTreeMap::new();
    for _ in 0..r.below(4) {
        let host = format!("h{}.example.net", r.below(1000));
        let answer = if r.chance(30) {
            None
        } else {
            Some((0..=r.below(2)).map(|i| format!("192.0.2.{i}")).collect())
        };
        dns.insert(host, answer);
    }
    let mut macros = BTreeMap::new();
    if r.chance(40) {
        macros.insert("GATEWAY".to_string(), r.string(3));
    }
    let env = PacEnv {
        dns,
        my_ip: (0..r.below(3)).map(|i| format!("10.0.0.{i}")).collect(),
        now: r.chance(50).then(|| "2026-01-02T03:04:05Z".to_string()),
        tz: r.chance(50).then(|| "Europe/Paris".to_string()),
        macros,
        client: match r.below(3) {
            0 => ClientProfile::Chromium,
            1 => ClientProfile::Firefox,
            _ => ClientProfile::Winhttp,
        },
        keep_url: r.chance(20),
    };
    let results = r.chance(60).then(|| CheckResults {
        checks: (0..r.below(4)).map(|i| check_result(r, i)).collect(),
    });
    AppState {
        version: 1,
        ui: UiState {
            active_panel: ["", "pac", "outputs", "checks", "share"]
                [usize::try_from(r.below(5)).unwrap_or(0)]
            .to_string(),
        },
        pac: PacPanel {
            source: r.string(12),
            source_name: r.string(2),
            test_urls: r.string(6),
            env,
            dns_text: r.string(3),
            my_ip_text: r.string(2),
            lint_idp: r.string(2),
        },
        pac_compare: PacCompare {
            old_source: r.string(6),
            new_source: r.string(6),
            old_name: r.string(1),
            new_name: r.string(1),
            urls_text: r.string(3),
        },
        outputs: OutputsPanel {
            pastes: (0..r.below(4))
                .map(|_| Paste {
                    name: r.string(2),
                    text: r.string(30),
                })
                .collect(),
            active: usize::try_from(r.below(4)).unwrap_or(0),
        },
        checks: ChecksPanel {
            inputs: CheckInputs {
                cloud: r.string(2),
                pac_url: r.string(3),
                targets: r.string(5),
                proxies: r.string(2),
                dpp_port: r.opt_u32(),
                samples: r.opt_u32(),
                timeout_ms: r.opt_u32(),
            },
            results,
            taken_at: r.chance(50).then(|| "2026-01-02T03:04:05.678Z".to_string()),
            form: (0..r.below(3))
                .map(|i| (format!("field{i}"), r.string(2)))
                .collect(),
        },
        diagnosis: DiagnosisInputs {
            cloud: r.string(2),
            distance_km: r.opt_u32(),
        },
        compare: CompareView {
            a: CompareSide {
                label: r.string(2),
                text: r.string(10),
            },
            b: CompareSide {
                label: r.string(2),
                text: r.string(10),
            },
        },
        triage: TriageState {
            selected: (0..r.below(3)).map(|_| r.string(2)).collect(),
        },
    }
}

/// A realistic state (used where a "real link" is needed).
pub fn realistic() -> AppState {
    let mut s = AppState::default();
    s.ui.active_panel = "outputs".into();
    s.pac.source = "function FindProxyForURL(url, host) {\n  if (isPlainHostName(host) || \
                    isInNet(dnsResolve(host), \"10.0.0.0\", \"255.0.0.0\"))\n    return \
                    \"DIRECT\";\n  return \"PROXY 198.51.100.10:80; PROXY 198.51.100.20:80; \
                    DIRECT\";\n}\n"
        .into();
    s.pac.test_urls = "https://www.example.com/\nhttp://intranet/\n".into();
    s.pac.env.my_ip = vec!["10.20.30.40".into()];
    s.pac.env.now = Some("2026-03-04T10:00:00Z".into());
    s.outputs.pastes.push(Paste {
        name: "HQ-R1".into(),
        text:
            "HQ-R1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             \
               state          conn-id status\n203.0.113.5     192.0.2.1       MM_NO_STATE    \
               1001 ACTIVE\n"
                .repeat(3),
    });
    s.checks.inputs.cloud = "zscaler.net".into();
    s.checks.results = Some(CheckResults {
        checks: vec![from_json(serde_json::json!({
            "id": "gateway", "target": "gateway.zscaler.net:443", "kind": "gateway",
            "verdict": "answered_opaque",
            "samples_ms": [21.700_000_047_683_716, 19.5, 23.099_999_904_632_57],
            "budget_ms": 30.0,
        }))],
    });
    s
}
