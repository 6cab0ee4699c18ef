//! [`verify`]: checks a token's HMAC signature, then [`crate::inspect`]s it.

use crate::algorithm::Algorithm;
use crate::base64url;
use crate::decode::decode;
use crate::error::{ErrorCode, TokenError};
use crate::inspect::{inspect_decoded, InspectOptions, Inspection};

/// Verifies `token` against `secret` (HS256, HS384 or HS512, compared in constant
/// time) and returns its inspection. A valid signature does not make the token
/// usable now: look at `status` for expiry and revocation.
///
/// Errors: those of [`decode`], `unsupported_algorithm` (any other `alg`, `none`
/// included), `signature_invalid` (wrong secret, altered token, development token),
/// `invalid_secret` (empty).
///
/// ```
/// use tokenkit::{create_token, verify, CreateOptions, ErrorCode, Status};
/// let t = create_token(b"secret", "john", &CreateOptions::default(), 0.0).unwrap();
/// assert_eq!(verify(&t, b"secret", &Default::default()).unwrap().status, Status::Valid);
/// assert_eq!(verify(&t, b"wrong", &Default::default()).unwrap_err().code(), ErrorCode::SignatureInvalid);
/// ```
pub fn verify<'a>(token: &'a str, secret: &[u8], options: &InspectOptions) -> Result<Inspection<'a>, TokenError> {
    let decoded = decode(token)?;
    if decoded.is_dev_token() {
        return Err(TokenError::new(
            ErrorCode::SignatureInvalid,
            "This is a development token (signature \"devtoken\"): it has no signature to verify. Sign the token with your secret for anything but local development.",
        ));
    }
    let alg = Algorithm::from_name(decoded.alg()).ok_or_else(|| {
        TokenError::new(
            ErrorCode::UnsupportedAlgorithm,
            text!("The token's alg is ", crate::json::quote(decoded.alg()), "; tokenkit verifies only HS256, HS384 and HS512. Issue the token with an HMAC secret."),
        )
    })?;
    if secret.is_empty() {
        return Err(crate::create::empty_secret());
    }
    let signature = base64url::decode(decoded.signature, "signature")
        .map_err(|_| TokenError::new(ErrorCode::SignatureInvalid, "The signature segment is not base64url, so it cannot match. Check that the whole token was copied."))?
        .0;
    if !alg.verify(secret, decoded.signing_input.as_bytes(), &signature) {
        return Err(TokenError::new(
            ErrorCode::SignatureInvalid,
            "The signature does not match: the secret is not the one the token was signed with, or the token was altered.",
        ));
    }
    inspect_decoded(decoded, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{create_token, dev_token, CreateOptions};

    #[test]
    fn accepts_all_hmac_algorithms() {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            let header = base64url::encode(format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name()).as_bytes());
            let t = crate::create::sign(alg, &header, br#"{"user_id":"u"}"#, b"k");
            assert_eq!(verify(&t, b"k", &InspectOptions::default()).unwrap().user_id.as_deref(), Some("u"));
            assert_eq!(verify(&t, b"K", &InspectOptions::default()).unwrap_err().code(), ErrorCode::SignatureInvalid);
        }
    }

    #[test]
    fn rejects_none_dev_tampered_and_empty_secret() {
        let o = InspectOptions::default();
        let none = format!("{}.{}.", base64url::encode(br#"{"alg":"none"}"#), base64url::encode(br#"{"user_id":"u"}"#));
        assert_eq!(verify(&none, b"k", &o).unwrap_err().code(), ErrorCode::UnsupportedAlgorithm);
        assert_eq!(verify(&dev_token("u").unwrap(), b"k", &o).unwrap_err().code(), ErrorCode::SignatureInvalid);
        let t = create_token(b"k", "u", &CreateOptions::default(), 0.0).unwrap();
        assert_eq!(verify(&t, b"", &o).unwrap_err().code(), ErrorCode::InvalidSecret);
        let tampered = t.replacen(".eyJ1c2VyX2lkIjoidSJ9", &format!(".{}", base64url::encode(br#"{"user_id":"v"}"#)), 1);
        assert_ne!(tampered, t);
        assert_eq!(verify(&tampered, b"k", &o).unwrap_err().code(), ErrorCode::SignatureInvalid);
        let bad_sig = format!("{}!", &t[..t.len() - 1]);
        assert_eq!(verify(&bad_sig, b"k", &o).unwrap_err().code(), ErrorCode::SignatureInvalid);
    }
}
