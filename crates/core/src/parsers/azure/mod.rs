//! Azure VPN gateway troubleshooting logs (Network Watcher "VPN troubleshoot" output files):
//! `ConnectionStats.txt`, `CPUStats.txt`, `IKELogs.txt`, `IKEErrors.txt`,
//! `Scrubbed-wfpdiag.txt` and `wfpdiag.txt.sum`, plus the Windows IKEEXT error-code table.

pub mod connection_stats;
pub mod cpu_stats;
pub mod ike_errors;
pub mod ike_logs;
pub mod scrubbed_wfpdiag;
pub mod wfpdiag_sum;
pub mod windows_ike_errors;
