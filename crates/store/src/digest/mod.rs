//! The Daily Digest's tables: subscribers and their consent ([`subscribers`]), the numbers
//! the newsroom shows ([`events`]), editions and their items ([`editions`]) and the delivery
//! ledger that sends each edition to each subscriber once ([`deliveries`]).

mod deliveries;
mod editions;
mod events;
mod subscribers;

pub use deliveries::{Claimed, DeliveryCounts, DeliveryOutcome};
pub use editions::{Edition, EditionStatus, NewEdition};
pub use events::DayNumbers;
pub use subscribers::{
    AttemptLimits, SubscribeOutcome, SubscribeRequest, Subscriber, SubscriberExport,
};
