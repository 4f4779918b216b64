//! [`Records`]: the typed output of every parser, one variant per kind.
//!
//! Serialised untagged, so a block's JSON `records` is the kind's own list or object (the
//! block's `kind` says which). Rules match on the variant for typed access.

use serde::Serialize;

use super::cisco_ios;

/// The records of one block. `None` (JSON `null`) for unrecognised blocks or failed parses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Records {
    /// No records.
    None,
    /// `cisco_ios.show_crypto_isakmp_sa`
    CiscoIosShowCryptoIsakmpSa(Vec<cisco_ios::show_crypto_isakmp_sa::IsakmpSa>),
    /// `cisco_ios.show_crypto_ipsec_sa`
    CiscoIosShowCryptoIpsecSa(Vec<cisco_ios::show_crypto_ipsec_sa::IpsecSa>),
    /// `cisco_asa.show_crypto_ipsec_sa` (same records as IOS)
    CiscoAsaShowCryptoIpsecSa(Vec<cisco_ios::show_crypto_ipsec_sa::IpsecSa>),
    /// `cisco_ios.show_crypto_ikev2_sa`
    CiscoIosShowCryptoIkev2Sa(Vec<cisco_ios::show_crypto_ikev2_sa::Ikev2Sa>),
    /// `cisco_asa.show_crypto_ikev2_sa`
    CiscoAsaShowCryptoIkev2Sa(Vec<cisco_ios::show_crypto_ikev2_sa::Ikev2Sa>),
}

impl Records {
    /// How many records (1 for a single-object kind, 0 for `None`).
    pub fn len(&self) -> usize {
        match self {
            Records::None => 0,
            Records::CiscoAsaShowCryptoIkev2Sa(v) => v.len(),
            Records::CiscoIosShowCryptoIkev2Sa(v) => v.len(),
            Records::CiscoIosShowCryptoIsakmpSa(v) => v.len(),
            Records::CiscoIosShowCryptoIpsecSa(v) | Records::CiscoAsaShowCryptoIpsecSa(v) => {
                v.len()
            }
        }
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
