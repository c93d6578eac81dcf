//! The `evn` binary: everything happens in [`evn::cli`].

fn main() -> std::process::ExitCode {
    evn::cli::run()
}
