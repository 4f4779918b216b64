//! Clavister cOS Stream / cOS Core CLI: `ike -stat`, `ike -snoop`, `flow -show`,
//! `ike -certshow` and `time`.

pub mod flow_show;
pub mod ike_certshow;
pub mod ike_snoop;
pub mod ike_stat;
pub mod time;
