//! `unisono claims list` and `unisono claims where-used ID`.

use super::Format;
use clap::Subcommand;
use unisono::Error;
use unisono::workspace::Workspace;

/// What to show about claims.
#[derive(Subcommand, Debug)]
pub enum ClaimsCommand {
    /// Every claim: kind, status, locales, references, and how many messages use it.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Every message, locale and channel that uses a claim (for changing or retiring it).
    WhereUsed {
        /// The claim id.
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ws: &Workspace, cmd: &ClaimsCommand) -> Result<u8, Error> {
    let loaded = unisono::project::Project::load(ws.worktree()?);
    let content = &loaded.content;
    let users = |id: &str| -> Vec<&unisono::model::MasterMessage> {
        content.messages.iter().filter(|m| m.claim_uses.iter().any(|u| u.id == id)).collect()
    };
    match cmd {
        ClaimsCommand::List { format } => {
            let rows: Vec<serde_json::Value> = content
                .claims
                .claims
                .iter()
                .map(|(id, c)| {
                    serde_json::json!({
                        "id": id, "kind": c.kind, "status": c.status,
                        "locales": c.text.keys().collect::<Vec<_>>(),
                        "references": c.references,
                        "used_by": users(id).iter().map(|m| format!("{} ({})", m.id(), m.locale())).collect::<Vec<_>>(),
                    })
                })
                .collect();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default()),
                Format::Human => {
                    for r in &rows {
                        println!(
                            "{:12} {:9} {:7} locales {:24} used by {} message file(s)",
                            r["id"].as_str().unwrap_or(""),
                            r["kind"].as_str().unwrap_or(""),
                            r["status"].as_str().unwrap_or(""),
                            r["locales"]
                                .as_array()
                                .map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(","))
                                .unwrap_or_default(),
                            r["used_by"].as_array().map(Vec::len).unwrap_or(0)
                        );
                    }
                }
            }
        }
        ClaimsCommand::WhereUsed { id, format } => {
            if !content.claims.claims.contains_key(id) {
                let known = content.claims.claims.keys().map(String::as_str);
                return Err(Error::usage(format!("unknown claim `{id}`")).hint(format!(
                    "{} `unisono claims list` shows every claim",
                    unisono::diag::did_you_mean(id, known)
                )));
            }
            let mut rows = Vec::new();
            for m in users(id) {
                let lines: Vec<usize> = m.claim_uses.iter().filter(|u| &u.id == id).map(|u| u.pos.line).collect();
                // Only the channels that show a part of the message carrying the claim.
                let text = content.texts.get(&m.file).map(String::as_str).unwrap_or("");
                let units = unisono::lint::units::units(m, &content.claims, text);
                for (channel, ch) in content.channels_of(m) {
                    if !units.iter().any(|u| u.kind.shown_in(ch.kind) && u.claims.iter().any(|c| c == id)) {
                        continue;
                    }
                    rows.push(serde_json::json!({
                        "message": m.id(), "locale": m.locale(), "channel": channel,
                        "file": m.file, "lines": lines, "job_code": m.front.job_code,
                    }));
                }
            }
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default()),
                Format::Human => {
                    for r in &rows {
                        println!(
                            "{} ({}) {:15} {} line(s) {}  job code {}",
                            r["message"].as_str().unwrap_or(""),
                            r["locale"].as_str().unwrap_or(""),
                            r["channel"].as_str().unwrap_or(""),
                            r["file"].as_str().unwrap_or(""),
                            r["lines"]
                                .as_array()
                                .map(|a| a.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(","))
                                .unwrap_or_default(),
                            r["job_code"].as_str().unwrap_or("")
                        );
                    }
                    println!("{id}: used in {} variant(s)", rows.len());
                }
            }
        }
    }
    Ok(0)
}
