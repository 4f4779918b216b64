//! Azure VPN gateway rules (Network Watcher VPN troubleshoot logs).
pub mod connections_not_connected;
pub mod cpu_usage;
