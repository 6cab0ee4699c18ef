//! [`dev_token`]: Stream's development tokens, signed with the literal `devtoken`.
//!
//! Stream accepts them only while an app's auth checks are disabled. tokenkit writes
//! the payload as unpadded base64url of UTF-8 JSON, where Stream's JavaScript SDK
//! writes standard base64 with padding and keeps only the low byte of each UTF-16
//! unit (so ids beyond Latin-1 break there); for plain ASCII ids both agree.

use crate::prelude::*;
use crate::base64url;
use crate::create::HS256_HEADER;
use crate::decode::DEV_TOKEN_SIGNATURE;
use crate::error::TokenError;
use crate::json;

/// The development token for `user_id`.
///
/// ```
/// assert_eq!(
///     tokenkit::dev_token("john").unwrap(),
///     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken"
/// );
/// assert_eq!(tokenkit::dev_token("").unwrap_err().code(), tokenkit::ErrorCode::InvalidUserId);
/// ```
pub fn dev_token(user_id: &str) -> Result<String, TokenError> {
    if user_id.is_empty() {
        return Err(crate::create::empty_user_id());
    }
    let mut payload = String::with_capacity(user_id.len() + 16);
    payload.push_str("{\"user_id\":");
    json::write_string(user_id, &mut payload);
    payload.push('}');
    let length = HS256_HEADER.len() + (payload.len() * 4).div_ceil(3) + 2 + DEV_TOKEN_SIGNATURE.len();
    if length > crate::MAX_TOKEN_BYTES {
        return Err(crate::decode::too_large(length));
    }
    let mut token = String::with_capacity(length);
    token.push_str(HS256_HEADER);
    token.push('.');
    base64url::encode_into(payload.as_bytes(), &mut token);
    token.push('.');
    token.push_str(DEV_TOKEN_SIGNATURE);
    Ok(token)
}

#[cfg(test)]
mod tests {
    #[test]
    fn refuses_to_make_a_token_it_would_not_read() {
        // {"user_id":"x…"} is n + 14 bytes; the token 36 + 1 + ⌈4(n + 14)/3⌉ + 1 + 8 bytes.
        let largest = super::dev_token(&"x".repeat(49_103)).unwrap();
        assert_eq!(largest.len(), crate::MAX_TOKEN_BYTES);
        assert!(crate::decode(&largest).is_ok());
        assert_eq!(super::dev_token(&"x".repeat(49_104)).unwrap_err().code(), crate::ErrorCode::TooLarge);
    }

    #[test]
    fn unicode_ids_round_trip() {
        let t = super::dev_token("山田😀/+").unwrap();
        assert!(!t.contains(['+', '/', '=']));
        assert_eq!(crate::decode(&t).unwrap().payload["user_id"], "山田😀/+");
    }
}
