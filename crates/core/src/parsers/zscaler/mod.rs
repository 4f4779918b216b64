//! Zscaler ZIA: Tunnel Insights exports.

pub mod tunnel_insights;
