//! Fortinet FortiGate (FortiOS): `diagnose vpn tunnel list` and `execute ping`.

pub mod diagnose_vpn_tunnel_list;
pub mod execute_ping;
