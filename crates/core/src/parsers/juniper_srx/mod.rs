//! Juniper SRX (Junos): `show security ike security-associations` and
//! `show security ipsec security-associations`.

pub mod show_security_ike_sa;
pub mod show_security_ipsec_sa;
