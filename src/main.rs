use std::process::ExitCode;

use clap::Parser;
use series_builder::cli::{self, Cli, exit};

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::DONE
            });
        }
    };
    match args.command {
        Some(command) => cli::run(command),
        None => series_builder::app::run(args.file),
    }
}
