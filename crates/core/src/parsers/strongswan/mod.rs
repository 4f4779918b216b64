//! strongSwan (and Libreswan status output): `swanctl --list-sas`, `ipsec statusall` and
//! charon log lines.

pub mod charon_log;
pub mod statusall;
pub mod swanctl_list_sas;
