//! SSH signatures (SSHSIG, namespace `unisono-approval`) over records, as
//! OpenSSH's `ssh-keygen -Y sign` makes them, so `ssh-keygen -Y verify`
//! checks them too.

use crate::Error;
use crate::model::Reviewer;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::path::Path;

/// The SSHSIG namespace of approval signatures.
pub const NAMESPACE: &str = "unisono-approval";

/// Environment variable with the key's passphrase, for automation.
pub const PASSPHRASE_ENV: &str = "UNISONO_KEY_PASSPHRASE";

/// Reads an OpenSSH private key, decrypting it with the passphrase from
/// [`PASSPHRASE_ENV`] or from `prompt` when it is encrypted.
pub fn load_private_key(path: &Path, prompt: &dyn Fn() -> Option<String>) -> Result<PrivateKey, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let key = PrivateKey::from_openssh(&text).map_err(|e| {
        Error::usage(format!("{} is not an OpenSSH private key ({e})", path.display()))
            .hint("pass the private key file (e.g. ~/.ssh/id_ed25519), not the .pub")
    })?;
    if !key.is_encrypted() {
        return Ok(key);
    }
    let passphrase = std::env::var(PASSPHRASE_ENV).ok().or_else(prompt).ok_or_else(|| {
        Error::usage(format!("{} is protected by a passphrase", path.display()))
            .hint(format!("enter it at the prompt, or set {PASSPHRASE_ENV} for automation"))
    })?;
    key.decrypt(passphrase.as_bytes()).map_err(|_| Error::usage(format!("wrong passphrase for {}", path.display())))
}

/// Signs `msg`; returns the armored signature (`-----BEGIN SSH SIGNATURE-----`).
pub fn sign(key: &PrivateKey, msg: &[u8]) -> Result<String, Error> {
    sign_in(NAMESPACE, key, msg)
}

/// [`sign`] in another namespace (`unisono-trust` for reviewers.yaml).
pub fn sign_in(namespace: &str, key: &PrivateKey, msg: &[u8]) -> Result<String, Error> {
    let sig = key.sign(namespace, HashAlg::Sha512, msg).map_err(|e| Error::usage(format!("signing failed: {e}")))?;
    sig.to_pem(LineEnding::LF).map_err(|e| Error::usage(format!("signing failed: {e}")))
}

/// The public key inside an armored signature.
pub fn signer(sig_pem: &str) -> Result<PublicKey, String> {
    let sig = SshSig::from_pem(sig_pem).map_err(|e| format!("the signature cannot be read ({e})"))?;
    Ok(PublicKey::from(sig.public_key().clone()))
}

/// Verifies `sig_pem` over `msg` with `key` in our namespace.
pub fn verify(key: &PublicKey, msg: &[u8], sig_pem: &str) -> Result<(), String> {
    verify_in(NAMESPACE, key, msg, sig_pem)
}

/// [`verify`] in another namespace: a signature made for one namespace
/// never counts in another.
pub fn verify_in(namespace: &str, key: &PublicKey, msg: &[u8], sig_pem: &str) -> Result<(), String> {
    let sig = SshSig::from_pem(sig_pem).map_err(|e| format!("the signature cannot be read ({e})"))?;
    if sig.namespace() != namespace {
        return Err(format!("the signature is for namespace `{}`, not `{namespace}`", sig.namespace()));
    }
    key.verify(namespace, msg, &sig).map_err(|_| "the signature does not match the record".to_string())
}

/// Parses a public key line from reviewers.yaml.
pub fn public_key(line: &str) -> Result<PublicKey, String> {
    PublicKey::from_openssh(line.trim()).map_err(|e| e.to_string())
}

/// `SHA256:...`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// True when two keys are the same key (comments aside).
pub fn same_key(a: &PublicKey, b: &PublicKey) -> bool {
    a.key_data() == b.key_data()
}

/// An OpenSSH allowed-signers file for every reviewer's keys, limited to
/// our namespace (see `ssh-keygen(1)`, ALLOWED SIGNERS).
pub fn allowed_signers(reviewers: &[Reviewer]) -> String {
    let mut out = String::from("# unisono reviewers: principal (email) namespaces key\n");
    for r in reviewers {
        for k in &r.keys {
            if let Ok(pk) = public_key(k) {
                let key = pk.to_openssh().unwrap_or_default();
                out.push_str(&format!("{} namespaces=\"{NAMESPACE}\" {key}\n", r.email));
            }
        }
    }
    out
}
