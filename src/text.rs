//! Message text built by joining pieces, without `format!`: in the wasm, `core::fmt`
//! (its formatter, padding and number code) costs more than the messages it writes.
//! Numbers in messages are written by [`crate::json::number_text`].

use crate::prelude::*;

/// `parts` joined into one `String`.
///
/// ```
/// assert_eq!(tokenkit::text::concat(&["a", "bc", ""]), "abc");
/// ```
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// A message from pieces that are `&str`, `String` or anything else with `AsRef<str>`:
/// `text!("The ", what, " is empty.")` reads like the sentence it writes.
///
/// ```
/// let what = String::from("header");
/// assert_eq!(tokenkit::text!("The ", what, " is empty."), "The header is empty.");
/// ```
#[macro_export]
macro_rules! text {
    ($($part:expr),+ $(,)?) => {
        $crate::text::concat(&[$(::core::convert::AsRef::<str>::as_ref(&$part)),+])
    };
}
