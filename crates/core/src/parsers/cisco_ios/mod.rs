//! Cisco IOS / IOS-XE command outputs, one module per command.

pub mod ping;
pub mod running_config_interface;
pub mod show_clock;
pub mod show_crypto_ikev2_sa;
pub mod show_crypto_ipsec_sa;
pub mod show_crypto_ipsec_sa_parser;
pub mod show_crypto_isakmp_sa;
pub mod show_crypto_pki_certificates;
pub mod show_crypto_session;
pub mod show_dmvpn;
pub mod show_interfaces;
pub mod show_ip_sla_statistics;
pub mod show_ip_sla_summary;
pub mod traceroute;
