//! The cheap profile behind the benchmarks: with `FOLLOWUP_TIMINGS` set,
//! each stage of a build prints its wall time, CPU time and the peak memory
//! so far.

use std::time::Instant;

/// Prints how long a stage of a build took, on stderr, when
/// `FOLLOWUP_TIMINGS` is set: the cheap profile behind the benchmarks.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if std::env::var_os("FOLLOWUP_TIMINGS").is_none() {
        return f();
    }
    let start = Instant::now();
    let cpu = cpu_ms();
    let out = f();
    eprintln!(
        "  {name}: {:.1} ms, CPU {} ms, peak memory so far {}",
        start.elapsed().as_secs_f64() * 1000.0,
        cpu_ms().saturating_sub(cpu),
        peak_memory()
    );
    out
}

/// CPU time the process has used so far, in ms, in the kernel's 10 ms
/// ticks (Linux only; 0 elsewhere): against wall time, how parallel a
/// stage is.
fn cpu_ms() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // The fields after the command name (which may hold spaces), from the
    // third: utime and stime are the 14th and 15th.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0;
    };
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    ticks * 10
}

/// The process's peak resident memory, as the kernel reports it (Linux only).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{} MiB", kb / 1024))
        })
        .unwrap_or_else(|| "unknown".to_string())
}
