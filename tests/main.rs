//! The integration tests, one binary (as just does): it links once, which
//! matters on a 2-core machine. One module per feature; `common` is the
//! harness (a temporary git workspace, the real binary, what must come out).

mod approval;
mod architecture;
mod audience;
mod build;
mod certificate;
mod chart;
mod check;
mod claims;
mod common;
mod diagnostics;
mod diff;
mod e2e;
mod email;
mod fuzz;
mod gitignore;
mod journeys;
mod lint;
mod new;
mod plan;
mod portal;
mod review13;
mod review14;
mod robust;
mod serve;
mod ship;
mod templates;
mod theme;
mod tooling;
mod trust;
mod tutorial;
mod unsupported;
mod withdraw;
