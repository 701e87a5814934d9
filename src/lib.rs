//! series-builder: build customer-messaging series, check them, migrate campaigns.

pub mod app;
pub mod canvas;
pub mod check;
pub mod cli;
pub mod clipboard;
pub mod edit;
pub mod file;
pub mod import;
pub mod model;
pub mod panels;
pub mod simulate;
pub mod text;
