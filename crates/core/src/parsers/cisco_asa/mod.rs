//! Cisco ASA command outputs, one module per command.

pub mod show_crypto_ipsec_sa;
