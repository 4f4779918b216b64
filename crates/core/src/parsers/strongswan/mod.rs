//! strongSwan (and Libreswan status output): `swanctl --list-sas`, `ipsec statusall` and
//! charon log lines.

pub mod charon_log;
pub mod statusall;
mod statusall_parser;
pub mod swanctl_list_sas;
