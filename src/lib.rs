//! series-builder: build customer-messaging series, check them, migrate campaigns.

#[cfg(feature = "app")]
pub mod action;
#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "app")]
pub mod canvas;
pub mod check;
pub mod cli;
pub mod clipboard;
pub mod diff;
pub mod edit;
pub mod file;
pub mod find;
pub mod geometry;
pub mod import;
pub mod model;
#[cfg(feature = "app")]
pub mod panels;
#[cfg(feature = "app")]
pub mod render;
pub mod simulate;
pub mod templates;
pub mod text;
#[cfg(feature = "app")]
pub mod theme;
pub mod tidy;
