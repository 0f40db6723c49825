//! SSH signatures (SSHSIG, namespace `unisono-approval`) over records, as
//! OpenSSH's `ssh-keygen -Y sign` makes them, so `ssh-keygen -Y verify`
//! checks them too.

use crate::Error;
use crate::model::Reviewer;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// A key to sign with, as git names one (`user.signingkey`, `--key`).
pub enum SigningKey {
    /// A private key file, decrypted and used in process.
    Private(Box<PrivateKey>),
    /// A key OpenSSH signs with: a public key whose private half is in
    /// ssh-agent, a `key::` literal, or a FIDO security key. Signing runs
    /// `ssh-keygen -Y sign`, exactly as git signs commits, so the agent,
    /// passphrase prompts and touch-to-sign all work.
    OpenSsh(Box<OpenSshKey>),
}

/// A key that `ssh-keygen -Y sign` signs with.
pub struct OpenSshKey {
    public: PublicKey,
    /// The key file passed to `ssh-keygen -f`.
    file: PathBuf,
    /// The key is a literal: tell ssh-keygen it lives in the agent (`-U`).
    in_agent: bool,
    /// Keeps a literal's temporary key file alive.
    _temp: Option<tempfile::NamedTempFile>,
}

impl SigningKey {
    /// Reads a key as git's `user.signingkey` does: `key::<public key>`
    /// (the private half in ssh-agent), a public key file (the agent, or
    /// the private key beside it), or a private key file (FIDO keys are
    /// signed through OpenSSH). `~/` is the home folder.
    pub fn load(spec: &str, prompt: &dyn Fn() -> Option<String>) -> Result<SigningKey, Error> {
        if let Some(literal) = spec.strip_prefix("key::") {
            let public = public_key(literal).map_err(|e| {
                Error::usage(format!("`{literal}` is not an OpenSSH public key ({e})"))
                    .hint("write `key::ssh-ed25519 AAAA…`, as git's user.signingkey takes it")
            })?;
            let mut temp =
                tempfile::NamedTempFile::new().map_err(|source| Error::Io { path: std::env::temp_dir(), source })?;
            writeln!(temp, "{}", literal.trim()).map_err(|source| Error::Io { path: temp.path().into(), source })?;
            let file = temp.path().to_path_buf();
            return Ok(SigningKey::OpenSsh(Box::new(OpenSshKey { public, file, in_agent: true, _temp: Some(temp) })));
        }
        let path = match spec.strip_prefix("~/") {
            Some(rest) => PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(rest),
            None => PathBuf::from(spec),
        };
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        if let Ok(public) = public_key(&text) {
            // Without an agent, the private key beside the .pub (git's habit).
            let beside = path.to_string_lossy().strip_suffix(".pub").map(PathBuf::from);
            if std::env::var_os("SSH_AUTH_SOCK").is_none()
                && let Some(private) = beside.filter(|p| p.is_file())
            {
                return Ok(SigningKey::Private(Box::new(load_private_key(&private, prompt)?)));
            }
            return Ok(SigningKey::OpenSsh(Box::new(OpenSshKey { public, file: path, in_agent: false, _temp: None })));
        }
        let private = load_private_key(&path, prompt)?;
        if matches!(private.algorithm(), Algorithm::SkEd25519 | Algorithm::SkEcdsaSha2NistP256) {
            // A security key: only OpenSSH can ask it to sign.
            let public = private.public_key().clone();
            return Ok(SigningKey::OpenSsh(Box::new(OpenSshKey { public, file: path, in_agent: false, _temp: None })));
        }
        Ok(SigningKey::Private(Box::new(private)))
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        match self {
            SigningKey::Private(k) => k.public_key().clone(),
            SigningKey::OpenSsh(k) => k.public.clone(),
        }
    }

    /// Signs `msg` in `namespace`; the armored SSHSIG.
    pub fn sign_in(&self, namespace: &str, msg: &[u8]) -> Result<String, Error> {
        match self {
            SigningKey::Private(k) => sign_in(namespace, k, msg),
            SigningKey::OpenSsh(k) => {
                let sig = openssh_sign(namespace, &k.file, k.in_agent, msg)?;
                // What OpenSSH made must be a signature by this key over these bytes.
                verify_in(namespace, &k.public, msg, &sig)
                    .map_err(|why| Error::usage(format!("ssh-keygen made a signature that does not verify: {why}")))?;
                Ok(sig)
            }
        }
    }
}

/// `ssh-keygen -Y sign -n NAMESPACE -f FILE [-U] MESSAGE`: the message in a
/// private temporary file (never on a pipe: an ssh-keygen that gives up
/// early must not end unisono with SIGPIPE), the signature beside it; the
/// terminal stays the user's for prompts.
fn openssh_sign(namespace: &str, file: &Path, in_agent: bool, msg: &[u8]) -> Result<String, Error> {
    let io = |source| Error::Io { path: "ssh-keygen".into(), source };
    let dir = tempfile::tempdir().map_err(io)?;
    let message = dir.path().join("record");
    crate::writer::write_atomic(&message, msg)?;
    let mut cmd = std::process::Command::new("ssh-keygen");
    cmd.args(["-q", "-Y", "sign", "-n", namespace, "-f"]).arg(file);
    if in_agent {
        cmd.arg("-U");
    }
    let out = cmd
        .arg(&message)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .output()
        .map_err(|e| {
            Error::usage(format!("cannot run ssh-keygen ({e})"))
                .hint("install OpenSSH (ssh-keygen signs with keys in ssh-agent or on a security key)")
        })?;
    let sig = std::fs::read_to_string(message.with_extension("sig")).unwrap_or_default();
    if !out.status.success() || !sig.contains("BEGIN SSH SIGNATURE") {
        return Err(Error::usage(format!(
            "ssh-keygen could not sign with {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .hint("is the key loaded in ssh-agent (`ssh-add -l`), or the private key beside the .pub?"));
    }
    Ok(sig)
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
