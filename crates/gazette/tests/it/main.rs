//! Gazette end to end, as one test binary: every module drives a real server over HTTP (or
//! the `gazette` command) on SQLite, or on PostgreSQL when `TEST_DATABASE_URL` is set.
//! One binary instead of one per file: the whole stack is linked once, not eighteen times.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod accounts;
mod admin_api;
mod admin_guard;
mod api;
mod backup;
mod cli;
mod counting_and_consent;
mod desk;
mod desk_cli;
mod desk_stories;
mod digest;
mod editorial;
mod http_caching;
mod import;
mod import_download;
mod import_language;
mod import_once;
mod interface_languages;
mod jobs;
mod languages;
mod malformed_ids;
mod media_library;
mod media_store;
mod metrics;
mod nodes;
mod reader_site;
mod search;
mod security;
mod site_admin;
mod staff_admin;
mod storage;
mod syndication;
