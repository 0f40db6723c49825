//! Every rule code unisono reports, in one table: diagnostics are built
//! only with these codes (checked in debug builds), and a test holds the
//! README's lists to the same table.

/// One rule code and the family of rules it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// What `check` prints in brackets and `--format json` as `code`.
    pub code: &'static str,
    /// The stage or rule family: `loading`, `templates`, `trust`,
    /// `vocabulary`, `glossary`, `register`, `brand`, `length`, `sentences`,
    /// `readability`, `video`, `consistency`, `rendering`.
    pub family: &'static str,
}

// The codes, as constants: call sites name them, never spell them.
/// `yaml-syntax`.
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// `front-matter`.
pub const FRONT_MATTER: &str = "front-matter";
/// `unknown-key`.
pub const UNKNOWN_KEY: &str = "unknown-key";
/// `missing-key`.
pub const MISSING_KEY: &str = "missing-key";
/// `duplicate-key`.
pub const DUPLICATE_KEY: &str = "duplicate-key";
/// `invalid-value`.
pub const INVALID_VALUE: &str = "invalid-value";
/// `invalid-id`.
pub const INVALID_ID: &str = "invalid-id";
/// `id-mismatch`.
pub const ID_MISMATCH: &str = "id-mismatch";
/// `locale-mismatch`.
pub const LOCALE_MISMATCH: &str = "locale-mismatch";
/// `duplicate-id`.
pub const DUPLICATE_ID: &str = "duplicate-id";
/// `invalid-locale`.
pub const INVALID_LOCALE: &str = "invalid-locale";
/// `unknown-locale`.
pub const UNKNOWN_LOCALE: &str = "unknown-locale";
/// `invalid-date`.
pub const INVALID_DATE: &str = "invalid-date";
/// `date-out-of-range`.
pub const DATE_OUT_OF_RANGE: &str = "date-out-of-range";
/// `invalid-job-code`.
pub const INVALID_JOB_CODE: &str = "invalid-job-code";
/// `invalid-url`.
pub const INVALID_URL: &str = "invalid-url";
/// `unknown-product`.
pub const UNKNOWN_PRODUCT: &str = "unknown-product";
/// `missing-sender`.
pub const MISSING_SENDER: &str = "missing-sender";
/// `unknown-channel`.
pub const UNKNOWN_CHANNEL: &str = "unknown-channel";
/// `unknown-claim`.
pub const UNKNOWN_CLAIM: &str = "unknown-claim";
/// `unknown-reference`.
pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
/// `claim-missing-locale`.
pub const CLAIM_MISSING_LOCALE: &str = "claim-missing-locale";
/// `retired-claim`.
pub const RETIRED_CLAIM: &str = "retired-claim";
/// `claim-display-text`.
pub const CLAIM_DISPLAY_TEXT: &str = "claim-display-text";
/// `unknown-step`.
pub const UNKNOWN_STEP: &str = "unknown-step";
/// `unknown-message`.
pub const UNKNOWN_MESSAGE: &str = "unknown-message";
/// `journey-cycle`.
pub const JOURNEY_CYCLE: &str = "journey-cycle";
/// `unreachable-step`.
pub const UNREACHABLE_STEP: &str = "unreachable-step";
/// `multiple-entry-steps`.
pub const MULTIPLE_ENTRY_STEPS: &str = "multiple-entry-steps";
/// `channel-not-in-message`.
pub const CHANNEL_NOT_IN_MESSAGE: &str = "channel-not-in-message";
/// `covers-not-applicable`.
pub const COVERS_NOT_APPLICABLE: &str = "covers-not-applicable";
/// `stage-backwards`.
pub const STAGE_BACKWARDS: &str = "stage-backwards";
/// `review-comment`.
pub const REVIEW_COMMENT: &str = "review-comment";
/// `chart-mismatch`.
pub const CHART_MISMATCH: &str = "chart-mismatch";
/// `claim-without-reference`.
pub const CLAIM_WITHOUT_REFERENCE: &str = "claim-without-reference";
/// `missing-headline`.
pub const MISSING_HEADLINE: &str = "missing-headline";
/// `multiple-headlines`.
pub const MULTIPLE_HEADLINES: &str = "multiple-headlines";
/// `missing-summary`.
pub const MISSING_SUMMARY: &str = "missing-summary";
/// `content-before-headline`.
pub const CONTENT_BEFORE_HEADLINE: &str = "content-before-headline";
/// `missing-section`.
pub const MISSING_SECTION: &str = "missing-section";
/// `unknown-section`.
pub const UNKNOWN_SECTION: &str = "unknown-section";
/// `section-without-id`.
pub const SECTION_WITHOUT_ID: &str = "section-without-id";
/// `duplicate-section`.
pub const DUPLICATE_SECTION: &str = "duplicate-section";
/// `misplaced-heading`.
pub const MISPLACED_HEADING: &str = "misplaced-heading";
/// `key-message-shape`.
pub const KEY_MESSAGE_SHAPE: &str = "key-message-shape";
/// `script-in-content`.
pub const SCRIPT_IN_CONTENT: &str = "script-in-content";
/// `raw-html`.
pub const RAW_HTML: &str = "raw-html";
/// `image-in-content`.
pub const IMAGE_IN_CONTENT: &str = "image-in-content";
/// `nesting-too-deep`.
pub const NESTING_TOO_DEEP: &str = "nesting-too-deep";
/// `missing-source`.
pub const MISSING_SOURCE: &str = "missing-source";
/// `invalid-source`.
pub const INVALID_SOURCE: &str = "invalid-source";
/// `source-on-master`.
pub const SOURCE_ON_MASTER: &str = "source-on-master";
/// `orphan-translation`.
pub const ORPHAN_TRANSLATION: &str = "orphan-translation";
/// `translation-outdated`.
pub const TRANSLATION_OUTDATED: &str = "translation-outdated";
/// `translation-elsewhere`.
pub const TRANSLATION_ELSEWHERE: &str = "translation-elsewhere";
/// `not-utf8`.
pub const NOT_UTF8: &str = "not-utf8";
/// `control-character`.
pub const CONTROL_CHARACTER: &str = "control-character";
/// `file-too-large`.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// `missing-file`.
pub const MISSING_FILE: &str = "missing-file";
/// `no-channels`.
pub const NO_CHANNELS: &str = "no-channels";
/// `duplicate-channel`.
pub const DUPLICATE_CHANNEL: &str = "duplicate-channel";
/// `limit-not-applicable`.
pub const LIMIT_NOT_APPLICABLE: &str = "limit-not-applicable";
/// `invalid-path`.
pub const INVALID_PATH: &str = "invalid-path";
/// `invalid-key`.
pub const INVALID_KEY: &str = "invalid-key";
/// `role-without-reviewer`.
pub const ROLE_WITHOUT_REVIEWER: &str = "role-without-reviewer";
/// `unknown-role`.
pub const UNKNOWN_ROLE: &str = "unknown-role";
/// `unused-reference`.
pub const UNUSED_REFERENCE: &str = "unused-reference";
/// `unexpected-file`.
pub const UNEXPECTED_FILE: &str = "unexpected-file";
/// `todo`.
pub const TODO: &str = "todo";
/// `symlink`.
pub const SYMLINK: &str = "symlink";
/// `empty-subject`.
pub const EMPTY_SUBJECT: &str = "empty-subject";
/// `template-syntax`.
pub const TEMPLATE_SYNTAX: &str = "template-syntax";
/// `template-error`.
pub const TEMPLATE_ERROR: &str = "template-error";
/// `missing-template`.
pub const MISSING_TEMPLATE: &str = "missing-template";
/// `template-outdated`.
pub const TEMPLATE_OUTDATED: &str = "template-outdated";
/// `unknown-audience`.
pub const UNKNOWN_AUDIENCE: &str = "unknown-audience";
/// `no-audience`.
pub const NO_AUDIENCE: &str = "no-audience";
/// `reviewers-change-unsigned`.
pub const REVIEWERS_CHANGE_UNSIGNED: &str = "reviewers-change-unsigned";
/// `reviewers-no-owners`.
pub const REVIEWERS_NO_OWNERS: &str = "reviewers-no-owners";
/// `reviewers-untrusted`.
pub const REVIEWERS_UNTRUSTED: &str = "reviewers-untrusted";
/// `absolute-claim`.
pub const ABSOLUTE_CLAIM: &str = "absolute-claim";
/// `unqualified-safe`.
pub const UNQUALIFIED_SAFE: &str = "unqualified-safe";
/// `new-after-12-months`.
pub const NEW_AFTER_12_MONTHS: &str = "new-after-12-months";
/// `banned-term`.
pub const BANNED_TERM: &str = "banned-term";
/// `unsupported-claim`.
pub const UNSUPPORTED_CLAIM: &str = "unsupported-claim";
/// `avoid-term`.
pub const AVOID_TERM: &str = "avoid-term";
/// `informal-address`.
pub const INFORMAL_ADDRESS: &str = "informal-address";
/// `brand-without-generic`.
pub const BRAND_WITHOUT_GENERIC: &str = "brand-without-generic";
/// `subject-too-long`.
pub const SUBJECT_TOO_LONG: &str = "subject-too-long";
/// `preheader-too-long`.
pub const PREHEADER_TOO_LONG: &str = "preheader-too-long";
/// `too-many-words`.
pub const TOO_MANY_WORDS: &str = "too-many-words";
/// `slide-too-many-words`.
pub const SLIDE_TOO_MANY_WORDS: &str = "slide-too-many-words";
/// `too-many-key-messages`.
pub const TOO_MANY_KEY_MESSAGES: &str = "too-many-key-messages";
/// `sentence-too-long`.
pub const SENTENCE_TOO_LONG: &str = "sentence-too-long";
/// `reading-ease`.
pub const READING_EASE: &str = "reading-ease";
/// `video-too-long`.
pub const VIDEO_TOO_LONG: &str = "video-too-long";
/// `caption-too-fast`.
pub const CAPTION_TOO_FAST: &str = "caption-too-fast";
/// `caption-line-too-long`.
pub const CAPTION_LINE_TOO_LONG: &str = "caption-line-too-long";
/// `claim-not-verbatim`.
pub const CLAIM_NOT_VERBATIM: &str = "claim-not-verbatim";
/// `missing-element`.
pub const MISSING_ELEMENT: &str = "missing-element";
/// `foreign-claim`.
pub const FOREIGN_CLAIM: &str = "foreign-claim";
/// `translation-extra-claim`.
pub const TRANSLATION_EXTRA_CLAIM: &str = "translation-extra-claim";
/// `render-error`.
pub const RENDER_ERROR: &str = "render-error";
/// `email-error`.
pub const EMAIL_ERROR: &str = "email-error";
/// `write-error`.
pub const WRITE_ERROR: &str = "write-error";
/// `git-history`.
pub const GIT_HISTORY: &str = "git-history";

/// Every rule code.
pub const RULES: &[Rule] = &[
    Rule { code: "yaml-syntax", family: "loading" },
    Rule { code: "front-matter", family: "loading" },
    Rule { code: "unknown-key", family: "loading" },
    Rule { code: "missing-key", family: "loading" },
    Rule { code: "duplicate-key", family: "loading" },
    Rule { code: "invalid-value", family: "loading" },
    Rule { code: "invalid-id", family: "loading" },
    Rule { code: "id-mismatch", family: "loading" },
    Rule { code: "locale-mismatch", family: "loading" },
    Rule { code: "duplicate-id", family: "loading" },
    Rule { code: "invalid-locale", family: "loading" },
    Rule { code: "unknown-locale", family: "loading" },
    Rule { code: "invalid-date", family: "loading" },
    Rule { code: "date-out-of-range", family: "loading" },
    Rule { code: "invalid-job-code", family: "loading" },
    Rule { code: "invalid-url", family: "loading" },
    Rule { code: "unknown-product", family: "loading" },
    Rule { code: "unknown-channel", family: "loading" },
    Rule { code: "unknown-audience", family: "loading" },
    Rule { code: "no-audience", family: "loading" },
    Rule { code: "missing-sender", family: "loading" },
    Rule { code: "unknown-claim", family: "loading" },
    Rule { code: "unknown-reference", family: "loading" },
    Rule { code: "claim-missing-locale", family: "loading" },
    Rule { code: "retired-claim", family: "loading" },
    Rule { code: "claim-display-text", family: "loading" },
    Rule { code: "claim-without-reference", family: "loading" },
    Rule { code: "chart-mismatch", family: "loading" },
    Rule { code: "review-comment", family: "review" },
    Rule { code: "unknown-step", family: "journeys" },
    Rule { code: "unknown-message", family: "journeys" },
    Rule { code: "journey-cycle", family: "journeys" },
    Rule { code: "unreachable-step", family: "journeys" },
    Rule { code: "multiple-entry-steps", family: "journeys" },
    Rule { code: "channel-not-in-message", family: "journeys" },
    Rule { code: "covers-not-applicable", family: "journeys" },
    Rule { code: "stage-backwards", family: "journeys" },
    Rule { code: "missing-headline", family: "loading" },
    Rule { code: "multiple-headlines", family: "loading" },
    Rule { code: "missing-summary", family: "loading" },
    Rule { code: "content-before-headline", family: "loading" },
    Rule { code: "missing-section", family: "loading" },
    Rule { code: "unknown-section", family: "loading" },
    Rule { code: "section-without-id", family: "loading" },
    Rule { code: "duplicate-section", family: "loading" },
    Rule { code: "misplaced-heading", family: "loading" },
    Rule { code: "key-message-shape", family: "loading" },
    Rule { code: "script-in-content", family: "loading" },
    Rule { code: "raw-html", family: "loading" },
    Rule { code: "image-in-content", family: "loading" },
    Rule { code: "nesting-too-deep", family: "loading" },
    Rule { code: "missing-source", family: "loading" },
    Rule { code: "invalid-source", family: "loading" },
    Rule { code: "source-on-master", family: "loading" },
    Rule { code: "orphan-translation", family: "loading" },
    Rule { code: "translation-outdated", family: "loading" },
    Rule { code: "translation-elsewhere", family: "loading" },
    Rule { code: "not-utf8", family: "loading" },
    Rule { code: "control-character", family: "loading" },
    Rule { code: "file-too-large", family: "loading" },
    Rule { code: "missing-file", family: "loading" },
    Rule { code: "no-channels", family: "loading" },
    Rule { code: "duplicate-channel", family: "loading" },
    Rule { code: "limit-not-applicable", family: "loading" },
    Rule { code: "invalid-path", family: "loading" },
    Rule { code: "invalid-key", family: "loading" },
    Rule { code: "role-without-reviewer", family: "loading" },
    Rule { code: "unknown-role", family: "loading" },
    Rule { code: "unused-reference", family: "loading" },
    Rule { code: "unexpected-file", family: "loading" },
    Rule { code: "todo", family: "loading" },
    Rule { code: "symlink", family: "loading" },
    Rule { code: "empty-subject", family: "loading" },
    Rule { code: "template-syntax", family: "templates" },
    Rule { code: "template-error", family: "templates" },
    Rule { code: "missing-template", family: "templates" },
    Rule { code: "template-outdated", family: "templates" },
    Rule { code: "reviewers-change-unsigned", family: "trust" },
    Rule { code: "reviewers-no-owners", family: "trust" },
    Rule { code: "reviewers-untrusted", family: "trust" },
    Rule { code: "absolute-claim", family: "vocabulary" },
    Rule { code: "unqualified-safe", family: "vocabulary" },
    Rule { code: "new-after-12-months", family: "vocabulary" },
    Rule { code: "banned-term", family: "vocabulary" },
    Rule { code: "unsupported-claim", family: "vocabulary" },
    Rule { code: "avoid-term", family: "glossary" },
    Rule { code: "informal-address", family: "register" },
    Rule { code: "brand-without-generic", family: "brand" },
    Rule { code: "subject-too-long", family: "length" },
    Rule { code: "preheader-too-long", family: "length" },
    Rule { code: "too-many-words", family: "length" },
    Rule { code: "slide-too-many-words", family: "length" },
    Rule { code: "too-many-key-messages", family: "length" },
    Rule { code: "sentence-too-long", family: "sentences" },
    Rule { code: "reading-ease", family: "readability" },
    Rule { code: "video-too-long", family: "video" },
    Rule { code: "caption-too-fast", family: "video" },
    Rule { code: "caption-line-too-long", family: "video" },
    Rule { code: "claim-not-verbatim", family: "consistency" },
    Rule { code: "missing-element", family: "consistency" },
    Rule { code: "foreign-claim", family: "consistency" },
    Rule { code: "translation-extra-claim", family: "consistency" },
    Rule { code: "render-error", family: "rendering" },
    Rule { code: "email-error", family: "rendering" },
    Rule { code: "write-error", family: "rendering" },
    Rule { code: "git-history", family: "rendering" },
];

/// The rule of `code`, if it is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}
