//! Loading case files (format in `PROTOCOL.md`, "Case files").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

/// One conformance case.
#[derive(Clone, Debug)]
pub struct Case {
    /// `area::name`, e.g. `020-values::integer_max`.
    pub id: String,
    pub requires: Vec<String>,
    /// Mode or binding → why the case cannot apply there.
    pub skip: BTreeMap<String, String>,
    pub steps: Vec<Json>,
}

/// The directory holding the case files.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// Loads every case file in `dir`, in file order; malformed files are errors.
pub fn load(dir: &Path) -> Result<Vec<Case>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let area = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let json: Json = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let list = json["cases"].as_array().ok_or_else(|| format!("{}: no \"cases\" list", file.display()))?;
        for case in list {
            let name = case["name"].as_str().ok_or_else(|| format!("{}: a case has no name", file.display()))?;
            let id = format!("{area}::{name}");
            let steps = case["steps"].as_array().cloned().ok_or_else(|| format!("{id}: no steps"))?;
            let requires = case["requires"]
                .as_array()
                .map(|r| r.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            let skip = case["skip"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned())).collect())
                .unwrap_or_default();
            if cases.iter().any(|c: &Case| c.id == id) {
                return Err(format!("duplicate case {id}"));
            }
            cases.push(Case { id, requires, skip, steps });
        }
    }
    Ok(cases)
}
