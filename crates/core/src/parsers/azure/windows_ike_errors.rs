//! Reference data: the Windows IKEEXT error codes (`winerror.h`, `ERROR_IPSEC_IKE_*`,
//! 13801–13908) that Azure VPN gateway logs print (`Windows error 13801(ERROR_IPSEC_IKE_AUTH_FAIL)`,
//! `Failure error code:0x000035e9`, `called with error 13868`), with their meaning and the
//! [`IkeProblem`] a rule should see.

use serde::{Deserialize, Serialize};

use super::super::common::find_str;
use super::super::ike_problems::IkeProblem;

/// One row of the table.
#[derive(Debug)]
pub struct IkeErrorCode {
    /// Decimal code.
    pub code: u32,
    /// Symbolic name.
    pub name: &'static str,
    /// What Windows says it means.
    pub meaning: &'static str,
    /// The problem class, when there is one.
    pub problem: Option<IkeProblem>,
}

/// A Windows error found in a log, resolved against the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowsError {
    /// Decimal code.
    pub code: u32,
    /// Symbolic name (as printed, or from the table).
    pub name: Option<String>,
    /// Meaning from the table (`None` for codes outside it).
    pub meaning: Option<String>,
}

impl WindowsError {
    /// Resolves `code` (and the name printed beside it, if any).
    pub fn resolve(code: u32, printed_name: Option<&str>) -> Self {
        let row = lookup(code);
        Self {
            code,
            name: printed_name
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .or_else(|| row.map(|r| r.name.to_owned())),
            meaning: row.map(|r| r.meaning.to_owned()),
        }
    }

    /// The problem class of this code.
    pub fn problem(&self) -> Option<IkeProblem> {
        lookup(self.code).and_then(|r| r.problem.clone())
    }
}

/// The row for `code`.
pub fn lookup(code: u32) -> Option<&'static IkeErrorCode> {
    IKE_ERRORS.iter().find(|e| e.code == code)
}

macro_rules! codes {
    ($( $code:literal $name:literal $meaning:literal $problem:expr; )*) => {
        /// `ERROR_IPSEC_IKE_*` codes, in numeric order.
        pub static IKE_ERRORS: &[IkeErrorCode] = &[
            $( IkeErrorCode { code: $code, name: $name, meaning: $meaning, problem: $problem }, )*
        ];
    };
}

use IkeProblem as P;

#[rustfmt::skip]
codes! {
    13801 "ERROR_IPSEC_IKE_AUTH_FAIL" "IKE authentication credentials are unacceptable" Some(P::AuthenticationFailed);
    13802 "ERROR_IPSEC_IKE_ATTRIB_FAIL" "IKE security attributes are unacceptable" Some(P::NoProposalChosen);
    13803 "ERROR_IPSEC_IKE_NEGOTIATION_PENDING" "IKE negotiation in progress" None;
    13804 "ERROR_IPSEC_IKE_GENERAL_PROCESSING_ERROR" "General processing error" None;
    13805 "ERROR_IPSEC_IKE_TIMED_OUT" "Negotiation timed out" Some(P::Timeout);
    13806 "ERROR_IPSEC_IKE_NO_CERT" "IKE failed to find a valid machine certificate" Some(P::CertificateProblem);
    13807 "ERROR_IPSEC_IKE_SA_DELETED" "IKE SA deleted by peer before establishment completed" None;
    13808 "ERROR_IPSEC_IKE_SA_REAPED" "IKE SA deleted before establishment completed" None;
    13809 "ERROR_IPSEC_IKE_MM_ACQUIRE_DROP" "Negotiation request sat in queue too long" None;
    13810 "ERROR_IPSEC_IKE_QM_ACQUIRE_DROP" "Negotiation request sat in queue too long" None;
    13811 "ERROR_IPSEC_IKE_QUEUE_DROP_MM" "Negotiation request sat in queue too long" None;
    13812 "ERROR_IPSEC_IKE_QUEUE_DROP_NO_MM" "Negotiation request sat in queue too long" None;
    13813 "ERROR_IPSEC_IKE_DROP_NO_RESPONSE" "No response from peer" Some(P::Timeout);
    13814 "ERROR_IPSEC_IKE_MM_DELAY_DROP" "Negotiation took too long" Some(P::Timeout);
    13815 "ERROR_IPSEC_IKE_QM_DELAY_DROP" "Negotiation took too long" Some(P::Timeout);
    13816 "ERROR_IPSEC_IKE_ERROR" "Unknown error occurred" None;
    13817 "ERROR_IPSEC_IKE_CRL_FAILED" "Certificate revocation check failed" Some(P::CertificateProblem);
    13818 "ERROR_IPSEC_IKE_INVALID_KEY_USAGE" "Invalid certificate key usage" Some(P::CertificateProblem);
    13819 "ERROR_IPSEC_IKE_INVALID_CERT_TYPE" "Invalid certificate type" Some(P::CertificateProblem);
    13820 "ERROR_IPSEC_IKE_NO_PRIVATE_KEY" "The machine certificate used has no private key" Some(P::CertificateProblem);
    13821 "ERROR_IPSEC_IKE_SIMULTANEOUS_REKEY" "Simultaneous rekeys were detected" Some(P::TemporaryFailure);
    13822 "ERROR_IPSEC_IKE_DH_FAIL" "Failure in Diffie-Hellman computation" None;
    13823 "ERROR_IPSEC_IKE_CRITICAL_PAYLOAD_NOT_RECOGNIZED" "Don't know how to process a critical payload" Some(P::InvalidPayload);
    13824 "ERROR_IPSEC_IKE_INVALID_HEADER" "Invalid header" Some(P::InvalidSyntax);
    13825 "ERROR_IPSEC_IKE_NO_POLICY" "No policy configured" Some(P::NoConfig);
    13826 "ERROR_IPSEC_IKE_INVALID_SIGNATURE" "Failed to verify signature" Some(P::AuthenticationFailed);
    13827 "ERROR_IPSEC_IKE_KERBEROS_ERROR" "Failed to authenticate using Kerberos" Some(P::AuthenticationFailed);
    13828 "ERROR_IPSEC_IKE_NO_PUBLIC_KEY" "Peer's certificate did not have a public key" Some(P::NoPublicKey);
    13829 "ERROR_IPSEC_IKE_PROCESS_ERR" "Error processing error payload" Some(P::InvalidPayload);
    13830 "ERROR_IPSEC_IKE_PROCESS_ERR_SA" "Error processing SA payload" Some(P::InvalidPayload);
    13831 "ERROR_IPSEC_IKE_PROCESS_ERR_PROP" "Error processing Proposal payload" Some(P::InvalidPayload);
    13832 "ERROR_IPSEC_IKE_PROCESS_ERR_TRANS" "Error processing Transform payload" Some(P::InvalidPayload);
    13833 "ERROR_IPSEC_IKE_PROCESS_ERR_KE" "Error processing KE payload" Some(P::InvalidPayload);
    13834 "ERROR_IPSEC_IKE_PROCESS_ERR_ID" "Error processing ID payload" Some(P::InvalidPayload);
    13835 "ERROR_IPSEC_IKE_PROCESS_ERR_CERT" "Error processing Cert payload" Some(P::InvalidPayload);
    13836 "ERROR_IPSEC_IKE_PROCESS_ERR_CERT_REQ" "Error processing Certificate Request payload" Some(P::InvalidPayload);
    13837 "ERROR_IPSEC_IKE_PROCESS_ERR_HASH" "Error processing Hash payload" Some(P::InvalidPayload);
    13838 "ERROR_IPSEC_IKE_PROCESS_ERR_SIG" "Error processing Signature payload" Some(P::InvalidPayload);
    13839 "ERROR_IPSEC_IKE_PROCESS_ERR_NONCE" "Error processing Nonce payload" Some(P::InvalidPayload);
    13840 "ERROR_IPSEC_IKE_PROCESS_ERR_NOTIFY" "Error processing Notify payload" Some(P::InvalidPayload);
    13841 "ERROR_IPSEC_IKE_PROCESS_ERR_DELETE" "Error processing Delete payload" Some(P::InvalidPayload);
    13842 "ERROR_IPSEC_IKE_PROCESS_ERR_VENDOR" "Error processing VendorId payload" Some(P::InvalidPayload);
    13843 "ERROR_IPSEC_IKE_INVALID_PAYLOAD" "Invalid payload received" Some(P::InvalidPayload);
    13844 "ERROR_IPSEC_IKE_LOAD_SOFT_SA" "Soft SA loaded" None;
    13845 "ERROR_IPSEC_IKE_SOFT_SA_TORN_DOWN" "Soft SA torn down" None;
    13846 "ERROR_IPSEC_IKE_INVALID_COOKIE" "Invalid cookie received" Some(P::InvalidCookie);
    13847 "ERROR_IPSEC_IKE_NO_PEER_CERT" "Peer failed to send a valid machine certificate" Some(P::CertificateProblem);
    13848 "ERROR_IPSEC_IKE_PEER_CRL_FAILED" "Certificate revocation check of the peer's certificate failed" Some(P::CertificateProblem);
    13849 "ERROR_IPSEC_IKE_POLICY_CHANGE" "New policy invalidated SAs formed with the old policy" None;
    13850 "ERROR_IPSEC_IKE_NO_MM_POLICY" "There is no available Main Mode IKE policy" Some(P::NoConfig);
    13851 "ERROR_IPSEC_IKE_NOTCBPRIV" "Failed to enable TCB privilege" None;
    13852 "ERROR_IPSEC_IKE_SECLOADFAIL" "Failed to load SECURITY.DLL" None;
    13853 "ERROR_IPSEC_IKE_FAILSSPINIT" "Failed to obtain the security function table from SSPI" None;
    13854 "ERROR_IPSEC_IKE_FAILQUERYSSP" "Failed to query the Kerberos package for the maximum token size" None;
    13855 "ERROR_IPSEC_IKE_SRVACQFAIL" "Failed to obtain Kerberos server credentials for the IKE service" None;
    13856 "ERROR_IPSEC_IKE_SRVQUERYCRED" "Failed to determine the SSPI principal name for the IKE service" None;
    13857 "ERROR_IPSEC_IKE_GETSPIFAIL" "Failed to obtain a new SPI for the inbound SA from the IPsec driver" None;
    13858 "ERROR_IPSEC_IKE_INVALID_FILTER" "Given filter is invalid" None;
    13859 "ERROR_IPSEC_IKE_OUT_OF_MEMORY" "Memory allocation failed" None;
    13860 "ERROR_IPSEC_IKE_ADD_UPDATE_KEY_FAILED" "Failed to add the Security Association to the IPsec driver" None;
    13861 "ERROR_IPSEC_IKE_INVALID_POLICY" "Invalid policy" Some(P::NoConfig);
    13862 "ERROR_IPSEC_IKE_UNKNOWN_DOI" "Invalid DOI" Some(P::InvalidSyntax);
    13863 "ERROR_IPSEC_IKE_INVALID_SITUATION" "Invalid situation" Some(P::InvalidSyntax);
    13864 "ERROR_IPSEC_IKE_DH_FAILURE" "Diffie-Hellman failure" None;
    13865 "ERROR_IPSEC_IKE_INVALID_GROUP" "Invalid Diffie-Hellman group" Some(P::InvalidKePayload);
    13866 "ERROR_IPSEC_IKE_ENCRYPT" "Error encrypting payload" None;
    13867 "ERROR_IPSEC_IKE_DECRYPT" "Error decrypting payload" Some(P::AuthenticationFailed);
    13868 "ERROR_IPSEC_IKE_POLICY_MATCH" "Policy match error" Some(P::NoProposalChosen);
    13869 "ERROR_IPSEC_IKE_UNSUPPORTED_ID" "Unsupported ID" Some(P::IdMismatch);
    13870 "ERROR_IPSEC_IKE_INVALID_HASH" "Hash verification failed" Some(P::AuthenticationFailed);
    13871 "ERROR_IPSEC_IKE_INVALID_HASH_ALG" "Invalid hash algorithm" Some(P::NoProposalChosen);
    13872 "ERROR_IPSEC_IKE_INVALID_HASH_SIZE" "Invalid hash size" Some(P::NoProposalChosen);
    13873 "ERROR_IPSEC_IKE_INVALID_ENCRYPT_ALG" "Invalid encryption algorithm" Some(P::NoProposalChosen);
    13874 "ERROR_IPSEC_IKE_INVALID_AUTH_ALG" "Invalid authentication algorithm" Some(P::NoProposalChosen);
    13875 "ERROR_IPSEC_IKE_INVALID_SIG" "Invalid certificate signature" Some(P::CertificateProblem);
    13876 "ERROR_IPSEC_IKE_LOAD_FAILED" "Load failed" None;
    13877 "ERROR_IPSEC_IKE_RPC_DELETE" "Deleted via RPC call" None;
    13878 "ERROR_IPSEC_IKE_BENIGN_REINIT" "Temporary state created to perform reinitialization" None;
    13879 "ERROR_IPSEC_IKE_INVALID_RESPONDER_LIFETIME_NOTIFY" "The lifetime in the Responder Lifetime notify is below the configured minimum" Some(P::NoProposalChosen);
    13880 "ERROR_IPSEC_IKE_INVALID_MAJOR_VERSION" "The recipient cannot handle the IKE version in the header" Some(P::InvalidMajorVersion);
    13881 "ERROR_IPSEC_IKE_INVALID_CERT_KEYLEN" "Key length in the certificate is too small" Some(P::CertificateProblem);
    13882 "ERROR_IPSEC_IKE_MM_LIMIT" "Maximum number of established MM SAs to the peer exceeded" None;
    13883 "ERROR_IPSEC_IKE_NEGOTIATION_DISABLED" "IKE received a policy that disables negotiation" Some(P::NoConfig);
    13884 "ERROR_IPSEC_IKE_QM_LIMIT" "Reached the maximum quick mode limit for the main mode" None;
    13885 "ERROR_IPSEC_IKE_MM_EXPIRED" "Main mode SA lifetime expired or the peer sent a main mode delete" None;
    13886 "ERROR_IPSEC_IKE_PEER_MM_ASSUMED_INVALID" "Main mode SA assumed invalid because the peer stopped responding" Some(P::DpdTimeout);
    13887 "ERROR_IPSEC_IKE_CERT_CHAIN_POLICY_MISMATCH" "Certificate doesn't chain to a trusted root in IPsec policy" Some(P::CertificateProblem);
    13888 "ERROR_IPSEC_IKE_UNEXPECTED_MESSAGE_ID" "Received unexpected message ID" None;
    13889 "ERROR_IPSEC_IKE_INVALID_AUTH_PAYLOAD" "Received invalid authentication offers" Some(P::AuthenticationFailed);
    13890 "ERROR_IPSEC_IKE_DOS_COOKIE_SENT" "Sent DoS cookie notify to the initiator" None;
    13891 "ERROR_IPSEC_IKE_SHUTTING_DOWN" "IKE service is shutting down" None;
    13892 "ERROR_IPSEC_IKE_CGA_AUTH_FAILED" "Could not verify binding between CGA address and certificate" Some(P::AuthenticationFailed);
    13893 "ERROR_IPSEC_IKE_PROCESS_ERR_NATOA" "Error processing NatOA payload" Some(P::InvalidPayload);
    13894 "ERROR_IPSEC_IKE_INVALID_MM_FOR_QM" "Parameters of the main mode are invalid for this quick mode" Some(P::NoProposalChosen);
    13895 "ERROR_IPSEC_IKE_QM_EXPIRED" "Quick mode SA was expired by the IPsec driver" None;
    13896 "ERROR_IPSEC_IKE_TOO_MANY_FILTERS" "Too many dynamically added IKEEXT filters were detected" None;
    13898 "ERROR_IPSEC_IKE_KILL_DUMMY_NAP_TUNNEL" "NAP reauth succeeded and must delete the dummy NAP IKEv2 tunnel" None;
    13899 "ERROR_IPSEC_IKE_INNER_IP_ASSIGNMENT_FAILURE" "Error assigning an inner IP address to the initiator in tunnel mode" Some(P::InternalAddressFailure);
    13900 "ERROR_IPSEC_IKE_REQUIRE_CP_PAYLOAD_MISSING" "Required configuration payload missing" Some(P::FailedCpRequired);
    13901 "ERROR_IPSEC_KEY_MODULE_IMPERSONATION_NEGOTIATION_PENDING" "A negotiation running as the issuing security principal is in progress" None;
    13902 "ERROR_IPSEC_IKE_COEXISTENCE_SUPPRESS" "SA was deleted by the IKEv1/AuthIP co-existence suppress check" None;
    13903 "ERROR_IPSEC_IKE_RATELIMIT_DROP" "Incoming SA request dropped by peer IP address rate limiting" None;
    13904 "ERROR_IPSEC_IKE_PEER_DOESNT_SUPPORT_MOBIKE" "Peer does not support MOBIKE" None;
    13905 "ERROR_IPSEC_IKE_AUTHORIZATION_FAILURE" "SA establishment is not authorized" Some(P::AuthenticationFailed);
    13906 "ERROR_IPSEC_IKE_STRONG_CRED_AUTHORIZATION_FAILURE" "SA establishment is not authorized: no sufficiently strong PKINIT credential" Some(P::AuthenticationFailed);
    13907 "ERROR_IPSEC_IKE_AUTHORIZATION_FAILURE_WITH_OPTIONAL_RETRY" "SA establishment is not authorized; different credentials may be needed" Some(P::AuthenticationFailed);
    13908 "ERROR_IPSEC_IKE_STRONG_CRED_AUTHORIZATION_AND_CERTMAP_FAILURE" "SA establishment is not authorized: weak PKINIT credential or certificate mapping failure" Some(P::AuthenticationFailed);
}

/// Finds `Windows error NNNNN(NAME)`, `error NNNNN`, `error code:0xHHHHHHHH` in `text`.
pub fn find_in(text: &str) -> Option<WindowsError> {
    if let Some(pos) = find_str(text, "0x")
        && text.get(..pos).is_some_and(|b| b.contains("error code"))
    {
        let hex: String = text
            .get(pos + 2..)?
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        let code = u32::from_str_radix(&hex, 16).ok()?;
        return Some(WindowsError::resolve(code, None));
    }
    let pos = find_str(text, "error ")?;
    let after = text.get(pos + 6..)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let code: u32 = digits.parse().ok()?;
    let rest = after.get(digits.len()..).unwrap_or("");
    let name = rest
        .strip_prefix('(')
        .and_then(|r| r.split(')').next())
        .map(str::trim);
    Some(WindowsError::resolve(code, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(IKE_ERRORS.windows(2).all(|w| w[0].code < w[1].code));
        assert!(
            IKE_ERRORS
                .iter()
                .all(|e| e.name.starts_with("ERROR_IPSEC_"))
        );
    }

    #[test]
    fn finds_codes_in_text() {
        let e = find_in("Peer failed with Windows error 13801(ERROR_IPSEC_IKE_AUTH_FAIL)").unwrap();
        assert_eq!(e.code, 13801);
        assert_eq!(e.name.as_deref(), Some("ERROR_IPSEC_IKE_AUTH_FAIL"));
        assert_eq!(e.problem(), Some(IkeProblem::AuthenticationFailed));
        let h = find_in("Failure error code:0x000035e9").unwrap();
        assert_eq!(h.code, 13801);
        let q = find_in("IkeCleanupQMNegotiation called with error 13868 and flags a").unwrap();
        assert_eq!(q.name.as_deref(), Some("ERROR_IPSEC_IKE_POLICY_MATCH"));
        assert_eq!(q.problem(), Some(IkeProblem::NoProposalChosen));
        assert!(find_in("no error here").is_none());
        assert_eq!(find_in("Windows error 99999").unwrap().meaning, None);
    }
}
