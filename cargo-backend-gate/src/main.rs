//! `cargo backend-gate`: the command-line front end of the backend-gate engine.

mod baseline;
mod cli;
mod commands;
mod registry;
mod render;

use clap::Parser;
use std::process::ExitCode;

// A check allocates many small strings and vectors (facts, token trees) from every worker
// thread; mimalloc makes the whole run markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::normalized_args(std::env::args_os());
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
