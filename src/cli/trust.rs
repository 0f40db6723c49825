//! `unisono trust`: sign a change to reviewers.yaml as an owner, and show
//! the chain of trust.

use super::Format;
use clap::Subcommand;
use std::path::PathBuf;
use unisono::Error;
use unisono::approval::trust;
use unisono::workspace::Workspace;

#[derive(Subcommand, Debug)]
pub enum TrustCommand {
    /// Sign the committed reviewers.yaml (HEAD) as an owner of the version in effect, and commit the record.
    Sign {
        /// Your SSH private key (default: git's user.signingkey). Passphrase from a prompt or UNISONO_KEY_PASSPHRASE.
        #[arg(long, value_name = "PATH")]
        key: Option<PathBuf>,
    },
    /// Show the chain of trust: the root, every signed change, and a change waiting for signatures.
    Status {
        /// Evaluate at this git revision instead of the work tree.
        #[arg(long)]
        rev: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ws: &Workspace, command: &TrustCommand) -> Result<u8, Error> {
    match command {
        TrustCommand::Sign { key } => {
            let done = trust::sign(ws, key.as_deref(), &super::review::prompt)?;
            let commit = done.commit.to_string();
            println!(
                "signed reviewers.yaml {} as {} ({}): commit {}",
                done.record.fingerprint,
                done.record.signer_email,
                done.record.role,
                &commit[..12]
            );
            if done.signatures >= done.needed {
                println!("the change is in effect from commit {}", &commit[..12]);
            } else {
                println!("{} of {} owner signature(s): not in effect yet", done.signatures, done.needed);
            }
            Ok(0)
        }
        TrustCommand::Status { rev, format } => {
            let (snap, tip) = super::review::at(ws, rev.as_deref())?;
            let chain = trust::evaluate(&ws.repo, &ws.prefix, &snap, tip)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&chain).unwrap_or_default()),
                Format::Human => print!("{}", describe(&chain)),
            }
            Ok(u8::from(chain.pending.is_some() || !chain.discounted.is_empty() || chain.unverifiable.is_some()))
        }
    }
}

/// The chain in words, as `trust status` and `verify` print it.
pub fn describe(chain: &trust::Chain) -> String {
    let at = |c: &Option<String>| c.as_deref().map(|c| format!("commit {c}")).unwrap_or("the work tree".into());
    let mut s = String::new();
    if let Some(why) = &chain.unverifiable {
        s.push_str(&format!("FAIL  untrusted: {why} — reviewers-untrusted\n"));
    }
    match &chain.root {
        Some(r) => s.push_str(&format!("root of trust: reviewers.yaml {} at {}\n", r.fingerprint, at(&r.commit))),
        None => s.push_str("root of trust: none (no committed reviewers.yaml lists a reviewer)\n"),
    }
    for v in &chain.changes {
        s.push_str(&format!(
            "changed:       {} at {}, signed by {}\n",
            v.fingerprint,
            at(&v.commit),
            v.signers.join(", ")
        ));
    }
    if let Some(p) = &chain.pending {
        s.push_str(&format!(
            "NOT IN EFFECT: {} at {} ({} of {} owner signature(s)) — reviewers-change-unsigned\n",
            p.fingerprint,
            at(&p.commit),
            p.signatures,
            p.needed
        ));
    }
    for d in &chain.discounted {
        s.push_str(&format!("FAIL  {}: {}\n", d.path.display(), d.reason));
    }
    if let Some(fp) = &chain.effective_fingerprint {
        s.push_str(&format!("in effect:     {fp}\n"));
    }
    s
}
