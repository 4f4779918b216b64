//! Palo Alto Networks PAN-OS: `show vpn ike-sa`, `show vpn ipsec-sa`, `show vpn flow` and the
//! `ikemgr.log` IKE daemon log.

pub mod ikemgr_log;
pub mod show_vpn_flow;
pub mod show_vpn_ike_sa;
pub mod show_vpn_ipsec_sa;
pub mod table;
