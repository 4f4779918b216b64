//! Linux tools: `mtr` reports, `ping`, `traceroute` and `telnet` reachability tests.

pub mod mtr_report;
pub mod ping;
pub mod telnet;
pub mod traceroute;
