//! Writing to stdout and stderr without panicking when a reader closes them early
//! (`series-builder check … | head -1`): `println!` panics on a closed pipe, so the
//! subcommands write through these instead. Once stdout is closed, later lines
//! are dropped quietly and the command still ends with the status it would have had.

use std::fmt::Arguments;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// One line on stdout. A closed stdout drops it (and every later line); any other
/// failure to write is said once on stderr.
pub fn stdout_line(args: Arguments<'_>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != ErrorKind::BrokenPipe {
            stderr_line(format_args!(
                "series-builder: could not write the output: {e}"
            ));
        }
    }
}

/// One line on stderr; nothing is left to tell if stderr itself is closed.
pub fn stderr_line(args: Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Flushes stdout at the end of a command, quietly if it was closed.
pub fn finish() {
    if !STDOUT_CLOSED.load(Ordering::Relaxed) {
        let _ = std::io::stdout().lock().flush();
    }
}

/// `println!` for the subcommands: see the module documentation.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::out::stdout_line(format_args!($($arg)*))
    };
}

/// `eprintln!` for the subcommands.
macro_rules! say_error {
    ($($arg:tt)*) => {
        $crate::cli::out::stderr_line(format_args!($($arg)*))
    };
}

pub(crate) use {say, say_error};
