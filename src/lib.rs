//! series-builder: build customer-messaging series, check them, migrate campaigns.

pub mod action;
pub mod app;
pub mod canvas;
pub mod check;
pub mod cli;
pub mod clipboard;
pub mod edit;
pub mod file;
pub mod find;
pub mod geometry;
pub mod import;
pub mod model;
pub mod panels;
pub mod render;
pub mod text;
pub mod theme;
pub mod tidy;
