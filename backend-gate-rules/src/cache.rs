//! Result cache for repeated local runs: what checking one file produced (its findings, facts
//! and `mod` declarations), stored so that an unchanged file is not parsed again.
//!
//! **Keys.** An entry is found by a 128-bit xxh3 hash of the file's bytes, its [`FileInfo`]
//! (path, module path, package name, dependencies and their features, test code) and the run
//! key: the tool's identity (version and the executable's size and modification time, so a
//! rebuilt binary never reads results of older rules), the level of every rule, the preset and
//! the whole [`Config`] (through its `Hash`, so new configuration keys are covered as they are
//! added). Anything that changes what a file yields changes its key; a stale entry is never
//! found, only left behind.
//!
//! **Storage.** One pack file per workspace and run key under
//! `<target-dir>/backend-gate/cache/`, named by the hash of both. A pack is written whole to a
//! temporary file and renamed over the old one, so a concurrent run reads either pack, never a
//! mix; a pack that fails its checksum, or an entry that fails to decode (or names a rule or
//! library this build does not know), is a miss, never an error. Writing is best effort: a
//! read-only target folder means no cache, not a failed run.
//!
//! **Size.** A pack holds the entries of the files its last run checked, plus those of files
//! that run did not reach (other packages, with `-p`) as long as they still exist: one entry per
//! file and key, so a pack stays about the size of the workspace's facts. At most
//! [`MAX_PACKS`] packs are kept; the least recently used go first.
//!
//! **Cross-file results.** The endpoint model and the cross-file rules take more than half of
//! a warm run once parsing is skipped, so a pack also keeps their output (findings, endpoints,
//! unresolved handlers), keyed by the run key and the (path, key) of every file checked: the
//! model's input is exactly those files' facts. An unchanged re-run then only reads and hashes
//! the files, decodes their entries and replays the SQL migrations (not cached: their files
//! are found while loading them, so there is no cheap key).

use crate::config::Config;
use crate::endpoints::EndpointSummary;
use crate::facts::FileFacts;
use crate::finding::Finding;
use crate::rule::Rule;
use crate::rules::RULES;
use crate::settings::RuleLevels;
use crate::suppress::Suppressions;
use crate::walk::{FileInfo, ModDecl};
use crate::workspace::PackageInfo;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::Xxh3Default;

/// A name from a fixed table (a rule's code or name, a database library). Spelled as an alias
/// so that serde's derive does not try to borrow it from the input: the cache reads such names
/// back through the table ([`rule_code`], [`rule_name`], [`db_library`]).
pub type StaticStr = &'static str;

/// Packs kept in a cache folder (one per workspace and configuration); older ones are deleted.
pub const MAX_PACKS: usize = 16;

/// First bytes of a pack, with the layout version: a pack of another layout is not read.
const MAGIC: &[u8; 8] = b"BGCACHE1";

/// Where the result cache lives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CacheLocation {
    /// No cache: every file is parsed (the library's default, and `--no-cache`).
    #[default]
    Off,
    /// `<target-dir>/backend-gate/cache/` of the checked workspace (the CLI's default). Explicit
    /// paths outside any Cargo workspace are not cached.
    TargetDir,
    /// This folder.
    Dir(PathBuf),
}

/// What the cache did during a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files whose results came from the cache.
    pub hits: usize,
    /// Files parsed and checked (then stored).
    pub misses: usize,
    /// The cross-file rules' results came from the cache (no file changed).
    pub cross_file_hit: bool,
}

/// The cache folder for a workspace whose Cargo target folder is `target_dir`.
pub fn dir_in_target(target_dir: &Path) -> PathBuf {
    target_dir.join("backend-gate").join("cache")
}

/// What a run's results depend on besides each file: the tool, the rule levels, the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RunKey(u128);

impl RunKey {
    /// The key of a run of this build with `levels` and `config`.
    pub(crate) fn new(levels: &RuleLevels, config: &Config) -> RunKey {
        RunKey::with_tool(&tool_identity(), levels, config)
    }

    /// The key of a run of the tool identified by `tool`.
    pub(crate) fn with_tool(tool: &str, levels: &RuleLevels, config: &Config) -> RunKey {
        let mut h = Xxh3Default::new();
        tool.hash(&mut h);
        levels.preset().hash(&mut h);
        for rule in RULES {
            let code = rule.meta().code;
            (code, levels.get(code)).hash(&mut h);
        }
        config.hash(&mut h);
        RunKey(h.digest128())
    }
}

/// The version, and the executable's size and modification time: a rebuild of the same version
/// (a developer changing a rule) must not read results of the previous build.
fn tool_identity() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    match exe {
        Ok(m) => {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{version} {} {modified}", m.len())
        }
        Err(_) => version.to_string(),
    }
}

/// What the engine keeps of checking one file.
pub(crate) struct FileResult {
    /// Its findings.
    pub findings: Vec<Finding>,
    /// Its `mod` declarations, to go on through the module tree.
    pub decls: Vec<ModDecl>,
    /// Its suppression comments, resolved (apart from the facts: a re-run whose cross-file
    /// output is cached needs these, not the facts).
    pub suppressions: Suppressions,
    /// Its facts (none when it did not parse).
    pub facts: Option<Facts>,
}

/// A file's facts: at hand, or still encoded in the loaded pack (decoded only when the
/// cross-file rules must run again — decoding every file's facts would cost a warm run most of
/// its time).
pub(crate) enum Facts {
    /// Just built.
    Parsed(Box<FileFacts>),
    /// Where they are in the pack, and the package they belong to (not stored).
    Stored(std::ops::Range<usize>, Arc<PackageInfo>),
}

/// A [`FileResult`] as stored, borrowed for writing: this head, then the facts.
#[derive(Serialize)]
struct HeadRef<'a> {
    findings: &'a [Finding],
    decls: &'a [ModDecl],
    suppressions: &'a Suppressions,
    has_facts: bool,
}

/// The head of a stored [`FileResult`], read back; the facts follow it.
#[derive(Deserialize)]
struct Head {
    findings: Vec<Finding>,
    decls: Vec<ModDecl>,
    suppressions: Suppressions,
    has_facts: bool,
}

/// What the endpoint model and the cross-file rules produced.
#[derive(Serialize, Deserialize)]
pub(crate) struct ModelOutput {
    /// Findings of the cross-file rules, in rule table order.
    pub findings: Vec<Finding>,
    /// Every endpoint, as reports show them.
    pub endpoints: Vec<EndpointSummary>,
    /// Handler expressions that name no function of the workspace.
    pub unresolved_handlers: Vec<String>,
}

/// An entry's encoded bytes: still in the loaded pack, or produced by this run.
enum Blob {
    Loaded(std::ops::Range<usize>),
    Fresh(Vec<u8>),
}

/// An entry of a pack, located in its bytes.
struct Located {
    path: String,
    bytes: std::ops::Range<usize>,
}

/// The result cache of one run.
pub(crate) struct Cache {
    dir: PathBuf,
    pack: PathBuf,
    run: RunKey,
    /// The pack as read (empty when there was none or it was damaged).
    loaded: Vec<u8>,
    index: HashMap<u128, Located>,
    /// The stored cross-file output: its key and where it is in `loaded`.
    model: Option<(u128, std::ops::Range<usize>)>,
    /// Entries this run used or produced: path, key, bytes.
    used: Mutex<Vec<(String, u128, Blob)>>,
    /// The cross-file output this run produced, encoded.
    fresh_model: Option<(u128, Vec<u8>)>,
}

impl Cache {
    /// Opens the cache of the workspace at `root` in `dir` for a run with key `run`.
    pub(crate) fn open(dir: PathBuf, root: &Path, run: RunKey) -> Cache {
        let mut h = Xxh3Default::new();
        run.hash(&mut h);
        root.hash(&mut h);
        let pack = dir.join(format!("{:032x}.pack", h.digest128()));
        let loaded = std::fs::read(&pack).unwrap_or_default();
        let (index, model) = read_index(&loaded).unwrap_or_default();
        Cache {
            dir,
            pack,
            run,
            loaded,
            index,
            model,
            used: Mutex::new(Vec::new()),
            fresh_model: None,
        }
    }

    /// The key of a file with these bytes, checked as `info` says.
    pub(crate) fn key(&self, info: &FileInfo, bytes: &[u8]) -> u128 {
        let mut h = Xxh3Default::new();
        self.run.hash(&mut h);
        info.path.hash(&mut h);
        info.module.hash(&mut h);
        info.is_test.hash(&mut h);
        info.package.name.hash(&mut h);
        info.package.deps.hash(&mut h);
        info.package.dep_features.hash(&mut h);
        h.update(bytes);
        h.digest128()
    }

    /// The stored result of the file with `key`, if its head decodes (its facts are decoded
    /// later, by [`Cache::facts`], only when needed).
    pub(crate) fn get(&self, key: u128, info: &FileInfo) -> Option<FileResult> {
        let at = self.index.get(&key)?;
        let bytes = self.loaded.get(at.bytes.clone())?;
        let (head, rest): (Head, &[u8]) = postcard::take_from_bytes(bytes).ok()?;
        let facts_at = at.bytes.end - rest.len()..at.bytes.end;
        self.remember(info.path.clone(), key, Blob::Loaded(at.bytes.clone()));
        Some(FileResult {
            findings: head.findings,
            decls: head.decls,
            suppressions: head.suppressions,
            facts: head
                .has_facts
                .then(|| Facts::Stored(facts_at, info.package.clone())),
        })
    }

    /// Decodes facts that [`Cache::get`] left in the pack; `None` when they do not decode.
    pub(crate) fn facts(
        &self,
        at: std::ops::Range<usize>,
        package: Arc<PackageInfo>,
    ) -> Option<FileFacts> {
        let mut facts: FileFacts = postcard::from_bytes(self.loaded.get(at)?).ok()?;
        facts.package = package;
        Some(facts)
    }

    /// Stores what checking the file with `key` produced (its facts must be at hand).
    pub(crate) fn put(&self, key: u128, info: &FileInfo, result: &FileResult) {
        let facts = match &result.facts {
            Some(Facts::Parsed(f)) => Some(&**f),
            Some(Facts::Stored(..)) => return,
            None => None,
        };
        let head = HeadRef {
            findings: &result.findings,
            decls: &result.decls,
            suppressions: &result.suppressions,
            has_facts: facts.is_some(),
        };
        // A value that does not encode is simply not cached: the next run parses the file again.
        let Ok(mut bytes) = postcard::to_stdvec(&head) else {
            return;
        };
        if let Some(f) = facts {
            match postcard::to_stdvec(f) {
                Ok(more) => bytes.extend(more),
                Err(_) => return,
            }
        }
        self.remember(info.path.clone(), key, Blob::Fresh(bytes));
    }

    /// The key of the cross-file output for these files: (path, cache key) of each, in order.
    pub(crate) fn model_key<'a>(
        &self,
        files: impl Iterator<Item = (&'a str, Option<u128>)>,
    ) -> u128 {
        let mut h = Xxh3Default::new();
        self.run.hash(&mut h);
        for file in files {
            file.hash(&mut h);
        }
        h.digest128()
    }

    /// The stored cross-file output with `key`, if there is one that decodes.
    pub(crate) fn model_output(&self, key: u128) -> Option<ModelOutput> {
        let (stored, at) = self.model.as_ref()?;
        if *stored != key {
            return None;
        }
        postcard::from_bytes(self.loaded.get(at.clone())?).ok()
    }

    /// Stores the cross-file output with `key` (replacing the previous one at the next save).
    pub(crate) fn put_model(&mut self, key: u128, output: &ModelOutput) {
        self.fresh_model = postcard::to_stdvec(output).ok().map(|bytes| (key, bytes));
    }

    fn remember(&self, path: String, key: u128, blob: Blob) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, key, blob));
    }

    /// Hits and misses so far.
    pub(crate) fn stats(&self) -> CacheStats {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let hits = used
            .iter()
            .filter(|(_, _, b)| matches!(b, Blob::Loaded(_)))
            .count();
        CacheStats {
            hits,
            misses: used.len() - hits,
            cross_file_hit: false,
        }
    }

    /// Writes the pack for the next run: this run's entries, and the entries of files it did not
    /// reach that still exist under `root`. Failures leave the cache as it was (or without this
    /// pack): the cache is an optimisation, never a reason for a run to fail.
    pub(crate) fn save(self, root: &Path) {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let visited: HashSet<&str> = used.iter().map(|(p, _, _)| p.as_str()).collect();
        let mut entries: Vec<(&str, u128, &[u8])> = Vec::with_capacity(used.len());
        let mut seen = HashSet::new();
        for (path, key, blob) in &used {
            let bytes = match blob {
                Blob::Loaded(r) => &self.loaded[r.clone()],
                Blob::Fresh(b) => b.as_slice(),
            };
            if seen.insert(*key) {
                entries.push((path, *key, bytes));
            }
        }
        for (key, at) in &self.index {
            if !visited.contains(at.path.as_str())
                && seen.insert(*key)
                && root.join(&at.path).is_file()
            {
                entries.push((&at.path, *key, &self.loaded[at.bytes.clone()]));
            }
        }
        let fresh = used.iter().any(|(_, _, b)| matches!(b, Blob::Fresh(_)));
        let model: Option<(u128, &[u8])> = match (&self.fresh_model, &self.model) {
            (Some((key, bytes)), _) => Some((*key, bytes)),
            (None, Some((key, at))) => Some((*key, &self.loaded[at.clone()])),
            (None, None) => None,
        };
        if !fresh && self.fresh_model.is_none() && entries.len() == self.index.len() {
            // Unchanged: only mark the pack as recently used, for pruning.
            let _ = std::fs::File::options()
                .append(true)
                .open(&self.pack)
                .and_then(|f| f.set_modified(std::time::SystemTime::now()));
            return;
        }
        entries.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        if write_pack(&self.dir, &self.pack, &entries, model).is_ok() {
            prune(&self.dir, &self.pack);
        }
    }
}

/// Layout: magic, xxh3-128 of the rest, the cross-file output (key, length, bytes; length 0
/// when there is none), the entry count; then per entry the key, the path and the encoded
/// entry. Lengths are little-endian u64.
fn write_pack(
    dir: &Path,
    pack: &Path,
    entries: &[(&str, u128, &[u8])],
    model: Option<(u128, &[u8])>,
) -> std::io::Result<()> {
    let (model_key, model_bytes) = model.unwrap_or((0, &[]));
    let size: usize = entries.iter().map(|e| 32 + e.0.len() + e.2.len()).sum();
    let mut body = Vec::with_capacity(size + 32 + model_bytes.len());
    body.extend_from_slice(&model_key.to_le_bytes());
    body.extend_from_slice(&(model_bytes.len() as u64).to_le_bytes());
    body.extend_from_slice(model_bytes);
    body.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (path, key, bytes) in entries {
        body.extend_from_slice(&key.to_le_bytes());
        body.extend_from_slice(&(path.len() as u64).to_le_bytes());
        body.extend_from_slice(path.as_bytes());
        body.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        body.extend_from_slice(bytes);
    }
    std::fs::create_dir_all(dir)?;
    mark_as_cache(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(MAGIC)?;
    tmp.write_all(&xxhash_rust::xxh3::xxh3_128(&body).to_le_bytes())?;
    tmp.write_all(&body)?;
    tmp.persist(pack).map_err(|e| e.error)?;
    Ok(())
}

/// Names of packs being written, until they are renamed.
const TMP_PREFIX: &str = ".tmp";

/// Files that tell other tools the folder is a cache: git (a project whose `.gitignore` does
/// not list its target folder must not see packs as new files, nor a pre-commit hook see them
/// change) and backup tools (the cachedir.tag convention, as cargo marks its target folder).
const MARKERS: [(&str, &str); 2] = [
    (
        ".gitignore",
        "# Result cache of backend-gate; never committed.\n*\n",
    ),
    (
        "CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55\n\
         # This file is a cache directory tag created by backend-gate.\n\
         # For information about cache directory tags see https://bford.info/cachedir/\n",
    ),
];

/// Writes the [`MARKERS`] a cache folder lacks; best effort, like the cache itself.
fn mark_as_cache(dir: &Path) {
    for (name, text) in MARKERS {
        let path = dir.join(name);
        if !path.exists() {
            let _ = std::fs::write(path, text);
        }
    }
}

/// Where a pack's cross-file output is: its key and bytes.
type ModelAt = Option<(u128, std::ops::Range<usize>)>;

/// The entries and cross-file output of a pack, or `None` when it is missing, of another
/// layout or damaged.
fn read_index(pack: &[u8]) -> Option<(HashMap<u128, Located>, ModelAt)> {
    let body = pack.strip_prefix(MAGIC)?;
    let (sum, body) = body.split_at_checked(16)?;
    if xxhash_rust::xxh3::xxh3_128(body).to_le_bytes() != sum {
        return None;
    }
    let base = MAGIC.len() + 16;
    let mut at: usize = 0;
    let mut take = |n: usize| -> Option<std::ops::Range<usize>> {
        let r = at..at.checked_add(n)?;
        body.get(r.clone())?;
        at = r.end;
        Some(r)
    };
    let u64_at = |r: std::ops::Range<usize>| -> Option<u64> {
        Some(u64::from_le_bytes(body.get(r)?.try_into().ok()?))
    };
    let model_key = u128::from_le_bytes(body.get(take(16)?)?.try_into().ok()?);
    let len = usize::try_from(u64_at(take(8)?)?).ok()?;
    let r = take(len)?;
    let model = (len > 0).then(|| (model_key, base + r.start..base + r.end));
    let count = u64_at(take(8)?)?;
    let mut index = HashMap::new();
    for _ in 0..count {
        let key = u128::from_le_bytes(body.get(take(16)?)?.try_into().ok()?);
        let len = usize::try_from(u64_at(take(8)?)?).ok()?;
        let path = std::str::from_utf8(body.get(take(len)?)?).ok()?.to_string();
        let len = usize::try_from(u64_at(take(8)?)?).ok()?;
        let r = take(len)?;
        index.insert(
            key,
            Located {
                path,
                bytes: base + r.start..base + r.end,
            },
        );
    }
    Some((index, model))
}

/// Deletes the least recently used packs beyond [`MAX_PACKS`], and temporary files of
/// interrupted writes. `keep` (just written) always stays.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut packs = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Ok(meta) = e.metadata() else { continue };
        let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        let is_pack = path.extension().is_some_and(|x| x == "pack");
        // A temporary file an hour old belongs to a run that died before renaming it.
        let is_tmp = e.file_name().to_string_lossy().starts_with(TMP_PREFIX);
        let stale_tmp = is_tmp
            && modified
                .elapsed()
                .is_ok_and(|age| age > std::time::Duration::from_secs(3600));
        if stale_tmp {
            let _ = std::fs::remove_file(&path);
        } else if is_pack && path != keep {
            packs.push((modified, path));
        }
    }
    if packs.len() < MAX_PACKS {
        return;
    }
    packs.sort();
    for (_, path) in &packs[..packs.len() + 1 - MAX_PACKS] {
        let _ = std::fs::remove_file(path);
    }
}

/// Reads a rule code back as the rule table's `&'static str`; an unknown code fails the entry.
pub fn rule_code<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let code = String::deserialize(d)?;
    RULES
        .iter()
        .map(|r| r.meta().code)
        .find(|c| *c == code)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown rule {code}")))
}

/// Reads a rule name back as the rule table's `&'static str`; an unknown name fails the entry.
pub fn rule_name<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let name = String::deserialize(d)?;
    RULES
        .iter()
        .map(|r: &&dyn Rule| r.meta().name)
        .find(|n| *n == name)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown rule {name}")))
}

/// Reads a method, framework or endpoint source name back as the `&'static str` its enum's
/// `as_str` gives; an unknown one fails the entry.
pub fn endpoint_word<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use crate::endpoints::router::{Framework as F, Method as M};
    use crate::endpoints::Source as S;
    let methods = [
        M::Get,
        M::Post,
        M::Put,
        M::Patch,
        M::Delete,
        M::Head,
        M::Options,
        M::Trace,
        M::Connect,
        M::Any,
    ]
    .map(M::as_str);
    let frameworks = [
        F::Axum,
        F::ActixWeb,
        F::Rocket,
        F::Poem,
        F::Salvo,
        F::Loco,
        F::BackendGate,
    ]
    .map(F::as_str);
    let sources = [S::Endpoint, S::Attribute, S::Router].map(S::as_str);
    let word = String::deserialize(d)?;
    methods
        .into_iter()
        .chain(frameworks)
        .chain(sources)
        .find(|w| *w == word)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown endpoint word {word}")))
}

/// Reads a database library name back as the matcher's `&'static str`; an unknown one fails the
/// entry (the file is then parsed again).
pub fn db_library<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let name = String::deserialize(d)?;
    crate::facts::db::LIBRARIES
        .iter()
        .copied()
        .find(|l| *l == name)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown library {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{Confidence, Level};
    use crate::source::{Pos, Range};
    use crate::workspace::PackageInfo;
    use std::sync::Arc;

    fn info() -> FileInfo {
        FileInfo {
            path: "src/main.rs".into(),
            module: "app".into(),
            package: Arc::new(PackageInfo::default()),
            is_test: false,
        }
    }

    fn finding(code: &'static str, name: &'static str) -> Finding {
        let pos = Pos {
            line: 1,
            column: 1,
            offset: 0,
        };
        Finding {
            code,
            name,
            level: Level::Warn,
            confidence: Confidence::High,
            message: "m".into(),
            label: String::new(),
            help: String::new(),
            file: "src/main.rs".into(),
            range: Range {
                start: pos,
                end: pos,
            },
            secondary: Vec::new(),
            context: None,
        }
    }

    fn run_key(tool: &str) -> RunKey {
        let levels = crate::settings::Selection::default()
            .resolve()
            .expect("default selection");
        RunKey::with_tool(tool, &levels, &Config::default())
    }

    /// Stores `findings` for `main.rs` under `tool`, then reads it back under `reader`.
    fn round_trip(findings: Vec<Finding>, tool: &str, reader: &str) -> Option<FileResult> {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("main.rs"), "fn main() {}").expect("write");
        let info = FileInfo {
            path: "main.rs".into(),
            ..info()
        };
        let cache = Cache::open(root.join("cache"), root, run_key(tool));
        let key = cache.key(&info, b"fn main() {}");
        let result = FileResult {
            findings,
            decls: Vec::new(),
            suppressions: Suppressions::default(),
            facts: None,
        };
        cache.put(key, &info, &result);
        cache.save(root);
        let cache = Cache::open(root.join("cache"), root, run_key(reader));
        let key = cache.key(&info, b"fn main() {}");
        cache.get(key, &info)
    }

    #[test]
    fn findings_come_back_with_the_rule_table_names() {
        let meta = RULES[1].meta();
        let back = round_trip(vec![finding(meta.code, meta.name)], "v1", "v1")
            .expect("a hit under the same tool");
        assert_eq!(back.findings, vec![finding(meta.code, meta.name)]);
    }

    #[test]
    fn another_build_of_the_tool_misses() {
        let meta = RULES[1].meta();
        assert!(round_trip(vec![finding(meta.code, meta.name)], "v1", "v2").is_none());
        assert_ne!(run_key("0.1.0 1 2"), run_key("0.1.0 1 3"));
    }

    #[test]
    fn the_folder_ignores_itself_and_pruning_keeps_the_markers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        write_pack(&cache, &cache.join("a.pack"), &[], None).expect("write");
        let ignore = std::fs::read_to_string(cache.join(".gitignore")).expect(".gitignore");
        assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
        assert!(cache.join("CACHEDIR.TAG").is_file());

        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let stale = cache.join(format!("{TMP_PREFIX}abc"));
        std::fs::write(&stale, b"half a pack").expect("write");
        for name in [".gitignore", "CACHEDIR.TAG", &format!("{TMP_PREFIX}abc")] {
            let file = std::fs::File::options()
                .append(true)
                .open(cache.join(name))
                .expect("open");
            file.set_modified(long_ago).expect("set mtime");
        }
        prune(&cache, &cache.join("a.pack"));
        assert!(!stale.exists(), "a stale temporary file is removed");
        assert!(cache.join(".gitignore").is_file() && cache.join("CACHEDIR.TAG").is_file());
    }

    #[test]
    fn an_entry_naming_an_unknown_rule_is_a_miss() {
        assert!(round_trip(vec![finding("BG999", "no-such-rule")], "v1", "v1").is_none());
    }

    #[test]
    fn keys_cover_the_file_info_and_the_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::open(dir.path().into(), dir.path(), run_key("v1"));
        let base = cache.key(&info(), b"x");
        assert_ne!(base, cache.key(&info(), b"y"));
        let test = FileInfo {
            is_test: true,
            ..info()
        };
        assert_ne!(base, cache.key(&test, b"x"));
        let module = FileInfo {
            module: "app::other".into(),
            ..info()
        };
        assert_ne!(base, cache.key(&module, b"x"));
        let mut package = PackageInfo::default();
        package.dep_features.insert("sqlx/postgres".into());
        let features = FileInfo {
            package: Arc::new(package),
            ..info()
        };
        assert_ne!(base, cache.key(&features, b"x"));
    }

    #[test]
    fn old_packs_are_pruned_beyond_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
        for i in 0..MAX_PACKS + 3 {
            let path = dir.path().join(format!("{i:032x}.pack"));
            let file = std::fs::File::create(&path).expect("create");
            file.set_modified(old + std::time::Duration::from_secs(i as u64))
                .expect("mtime");
        }
        let keep = dir.path().join("keep.pack");
        std::fs::write(&keep, b"").expect("write");
        prune(dir.path(), &keep);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left.len(), MAX_PACKS, "{left:?}");
        assert!(left.contains(&"keep.pack".to_string()));
        // The oldest went first.
        assert!(!left.contains(&format!("{:032x}.pack", 0)));
        assert!(left.contains(&format!("{:032x}.pack", MAX_PACKS + 2)));
    }
}
