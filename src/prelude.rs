//! What `std`'s prelude would give, from `alloc`: the wasm build has no `std` (see
//! [`crate::float`] and [`crate::text`] for why), and every module starts with
//! `use crate::prelude::*;` so the same code builds both ways.

pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;
