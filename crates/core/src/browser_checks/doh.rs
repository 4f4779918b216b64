//! DNS over HTTPS, JSON flavour (Google `dns.google/resolve`, Cloudflare
//! `cloudflare-dns.com/dns-query` with `Accept: application/dns-json`): reads one answer into
//! records and the addresses a PAC's DNS table can use. The page does the (opt-in) request;
//! this only interprets the text it got, so a broken answer is data, never a panic.
//!
//! What a public resolver answers is not what the corporate resolver answers: split-horizon
//! names, internal zones and geo-steered answers differ.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One interpreted DoH answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DohAnswer {
    /// The name asked for.
    pub name: String,
    /// `A` or `AAAA`.
    pub qtype: String,
    /// DNS RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED...); `None` when unreadable.
    pub status: Option<u32>,
    /// The RCODE's name.
    pub status_text: String,
    /// Answer records in order (CNAMEs included).
    pub records: Vec<DohRecord>,
    /// The A/AAAA addresses, in order.
    pub addresses: Vec<String>,
    /// Why the answer could not be read, if it could not.
    pub error: Option<String>,
}

/// One answer record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DohRecord {
    /// Owner name (trailing dot removed).
    pub name: String,
    /// Record type name (`A`, `AAAA`, `CNAME`, or `TYPE<n>`).
    pub rtype: String,
    /// Time to live, seconds.
    pub ttl: u32,
    /// Record data as the resolver printed it.
    pub data: String,
}

fn rcode_name(code: u32) -> String {
    match code {
        0 => "NOERROR".into(),
        1 => "FORMERR".into(),
        2 => "SERVFAIL".into(),
        3 => "NXDOMAIN".into(),
        4 => "NOTIMP".into(),
        5 => "REFUSED".into(),
        n => format!("RCODE{n}"),
    }
}

fn type_name(code: u64) -> String {
    match code {
        1 => "A".into(),
        5 => "CNAME".into(),
        28 => "AAAA".into(),
        n => format!("TYPE{n}"),
    }
}

/// Interprets the JSON text a DoH JSON resolver returned for `name`/`qtype`.
pub fn doh_answer(name: &str, qtype: &str, text: &str) -> DohAnswer {
    let mut out = DohAnswer {
        name: name.trim_end_matches('.').to_ascii_lowercase(),
        qtype: qtype.to_ascii_uppercase(),
        status: None,
        status_text: String::new(),
        records: Vec::new(),
        addresses: Vec::new(),
        error: None,
    };
    let json: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let start: String = text.chars().take(60).collect();
            out.error = Some(format!(
                "the resolver's answer is not DNS JSON ({e}); it starts with \"{start}\""
            ));
            return out;
        }
    };
    let Some(status) = json
        .get("Status")
        .and_then(Value::as_u64)
        .and_then(|s| u32::try_from(s).ok())
    else {
        out.error = Some("the resolver's answer has no \"Status\" field: not DNS JSON".into());
        return out;
    };
    out.status = Some(status);
    out.status_text = rcode_name(status);
    let answers = json.get("Answer").and_then(Value::as_array);
    for a in answers.into_iter().flatten() {
        let rtype = type_name(a.get("type").and_then(Value::as_u64).unwrap_or(0));
        let data = a
            .get("data")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let record = DohRecord {
            name: a
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim_end_matches('.')
                .to_ascii_lowercase(),
            ttl: a
                .get("TTL")
                .and_then(Value::as_u64)
                .and_then(|t| u32::try_from(t).ok())
                .unwrap_or(0),
            data: data.trim_end_matches('.').to_string(),
            rtype,
        };
        if (record.rtype == "A" || record.rtype == "AAAA")
            && valid_address(&record.data)
            && !out.addresses.contains(&record.data)
        {
            out.addresses.push(record.data.clone());
        }
        out.records.push(record);
    }
    out
}

fn valid_address(text: &str) -> bool {
    text.parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_google_style_answer_with_cname() {
        let text = r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,
          "Question":[{"name":"gateway.example.net.","type":1}],
          "Answer":[{"name":"gateway.example.net.","type":5,"TTL":300,"data":"gw.geo.example.net."},
                    {"name":"gw.geo.example.net.","type":1,"TTL":60,"data":"192.0.2.10"},
                    {"name":"gw.geo.example.net.","type":1,"TTL":60,"data":"192.0.2.11"}]}"#;
        let a = doh_answer("Gateway.Example.NET.", "a", text);
        assert_eq!(a.name, "gateway.example.net");
        assert_eq!(a.qtype, "A");
        assert_eq!(a.status, Some(0));
        assert_eq!(a.status_text, "NOERROR");
        assert_eq!(a.addresses, ["192.0.2.10", "192.0.2.11"]);
        assert_eq!(a.records[0].rtype, "CNAME");
        assert_eq!(a.records[0].data, "gw.geo.example.net");
        assert_eq!(a.records[1].ttl, 60);
        assert_eq!(a.error, None);
    }

    #[test]
    fn nxdomain_and_garbage_are_data() {
        let nx = doh_answer("nope.example", "AAAA", r#"{"Status":3,"Authority":[]}"#);
        assert_eq!(nx.status_text, "NXDOMAIN");
        assert!(nx.addresses.is_empty());
        let html = doh_answer("x.example", "A", "<html>blocked</html>");
        assert!(html.error.unwrap().contains("not DNS JSON"));
        let other = doh_answer("x.example", "A", r#"{"hello":1}"#);
        assert!(other.error.unwrap().contains("Status"));
        let odd = doh_answer(
            "x.example",
            "A",
            r#"{"Status":0,"Answer":[{"type":1,"data":"not-an-ip"},{"type":99,"TTL":-1}]}"#,
        );
        assert!(odd.addresses.is_empty());
        assert_eq!(odd.records[1].rtype, "TYPE99");
        assert_eq!(odd.records[1].ttl, 0);
    }
}
