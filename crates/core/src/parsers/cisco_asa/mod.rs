//! Cisco ASA command outputs, one module per command.

pub mod ping;
pub mod show_crypto_ikev1_sa;
pub mod show_crypto_ikev2_sa;
pub mod show_crypto_ipsec_sa;
pub mod show_vpn_sessiondb_l2l;
