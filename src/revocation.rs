//! Revocation by issue date, as Stream does it: `revokeUserToken(user, before)` and
//! `revokeTokens(before)` refuse every token issued before a moment.

/// The revocation dates that apply to a token, in unix seconds; `None` means none.
///
/// ```
/// let r = tokenkit::Revocation { user_revoked_before: Some(1700000000.0), app_revoked_before: None };
/// assert!(r.revokes(Some(1699999999.0)));
/// assert!(!r.revokes(Some(1700000000.0)));
/// assert!(r.revokes(None)); // a token without iat cannot prove it is newer
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Revocation {
    /// Tokens of this user issued before this moment are revoked (Stream's `revokeUserToken`).
    pub user_revoked_before: Option<f64>,
    /// Every token of the app issued before this moment is revoked (Stream's `revokeTokens`).
    pub app_revoked_before: Option<f64>,
}

impl Revocation {
    /// True when a token with this `iat` is revoked. Both levels follow Stream's rule:
    /// a token issued before the date is revoked, and so is a token with no `iat`,
    /// since nothing shows it was issued after.
    ///
    /// ```
    /// let r = tokenkit::Revocation { user_revoked_before: None, app_revoked_before: Some(10.0) };
    /// assert!(r.revokes(Some(9.5)) && !r.revokes(Some(10.0)));
    /// assert!(!tokenkit::Revocation::default().revokes(None));
    /// ```
    pub fn revokes(&self, iat: Option<f64>) -> bool {
        [self.user_revoked_before, self.app_revoked_before]
            .into_iter()
            .flatten()
            .any(|before| iat.is_none_or(|iat| iat < before))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_level_revokes() {
        let both = Revocation { user_revoked_before: Some(100.0), app_revoked_before: Some(50.0) };
        assert!(both.revokes(Some(60.0)));
        assert!(both.revokes(Some(40.0)));
        assert!(!both.revokes(Some(100.0)));
        assert!(both.revokes(None));
    }
}
