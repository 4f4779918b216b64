//! Multi-command sessions: prompts of several styles, a command echo without prompt, pager
//! residue, ANSI escapes, CRLF, a bare prompt, an unknown command and free text. Checks every
//! block's kind and line span by hand (the splitter's contract), then snapshots the report.

use netdiag_core::parsers::parse_paste;

/// `(kind, (first line, last line), prompt device, command)` of one block.
type Row<'a> = (&'a str, (u32, u32), Option<&'a str>, Option<&'a str>);

#[test]
fn cisco_router_session_with_junk() {
    let text = include_str!("sessions/cisco_router_with_junk.txt");
    let report = parse_paste(text);
    let got: Vec<Row<'_>> = report
        .blocks
        .iter()
        .map(|b| {
            (
                b.kind.as_str(),
                (b.lines.start, b.lines.end),
                b.prompt.as_deref(),
                b.command.as_deref(),
            )
        })
        .collect();
    let want = vec![
        ("unrecognised", (1, 1), None, None),
        (
            "cisco_ios.show_clock",
            (3, 4),
            Some("hq-rtr01"),
            Some("show clock"),
        ),
        (
            "cisco_ios.show_crypto_isakmp_sa",
            (5, 11),
            Some("hq-rtr01"),
            Some("show crypto isakmp sa"),
        ),
        (
            "cisco_ios.show_interfaces",
            (13, 25),
            Some("hq-rtr01"),
            Some("show interfaces tunnel 10"),
        ),
        (
            "unrecognised",
            (26, 27),
            Some("hq-rtr01"),
            Some("show version | i uptime"),
        ),
        (
            "cisco_ios.ping",
            (29, 34),
            Some("hq-rtr01"),
            Some("ping 203.0.113.9 source GigabitEthernet1"),
        ),
        (
            "unrecognised",
            (36, 36),
            Some("hq-rtr01"),
            Some("ping 203.0.113.9 source GigabitEthernet1"),
        ),
        (
            "linux.ping",
            (37, 41),
            Some("jump"),
            Some("ping -c 3 203.0.113.9"),
        ),
        ("cisco_ios.show_crypto_isakmp_sa", (43, 45), None, None),
        ("unrecognised", (47, 47), None, None),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, w.0, "kind of block at {:?}", g.1);
        assert_eq!(g.1, w.1, "span of {}", g.0);
        if w.0 != "unrecognised" {
            assert_eq!(g.2, w.2, "prompt of {}", g.0);
            assert_eq!(g.3, w.3, "command of {}", g.0);
        }
    }
    // Pager residue and ANSI escapes did not hide lines.
    let ifc = &report.blocks[3];
    assert!(ifc.skipped.is_empty(), "{:?}", ifc.skipped);
    let isakmp = &report.blocks[2];
    assert_eq!(isakmp.records.len(), 2);
    assert!(report.warnings.iter().any(|w| w.contains("cleaned")));
    // Every line with text is inside a block or is a bare prompt.
    let covered = |n: u32| {
        report
            .blocks
            .iter()
            .any(|b| b.lines.start <= n && n <= b.lines.end)
    };
    for (n, line) in text.lines().enumerate() {
        let n = u32::try_from(n + 1).unwrap();
        if !line.trim().is_empty() && line.trim() != "hq-rtr01#" {
            assert!(covered(n), "line {n} {line:?} is in no block");
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("sessions");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_json_snapshot!("cisco_router_with_junk", &report));
}
