//! The Daily Digest's rules, without I/O: which addresses may subscribe ([`address`]), the
//! signed links in every digest mail ([`token`]), a subscriber's choices ([`prefs`]) and how
//! an edition is put together ([`compose`]).

pub mod address;
pub mod compose;
pub mod prefs;
pub mod token;
