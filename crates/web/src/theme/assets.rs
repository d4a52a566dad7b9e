//! Theme assets under content-hashed URLs (`/assets/{hash}/{name}`), so browsers and CDNs may
//! cache them forever and a changed file gets a new URL. Hashes are computed once at start.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{Embedded, ThemeError};

#[derive(Debug, Clone)]
pub struct Asset {
    pub hash: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Every asset of the theme by file name; a file in the override directory replaces the
/// embedded one of the same name.
#[derive(Debug, Default)]
pub struct Assets {
    by_name: HashMap<String, Asset>,
}

pub fn content_type(name: &str) -> &'static str {
    match name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
    {
        Some(ext) => match ext.as_str() {
            "css" => "text/css; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "webp" => "image/webp",
            "gif" => "image/gif",
            "ico" => "image/x-icon",
            "woff2" => "font/woff2",
            "json" => "application/json",
            "txt" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        },
        None => "application/octet-stream",
    }
}

fn asset(name: &str, bytes: Vec<u8>) -> Asset {
    let digest = Sha256::digest(&bytes);
    let hash = digest
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Asset {
        hash,
        bytes,
        content_type: content_type(name),
    }
}

impl Assets {
    pub fn load(override_dir: Option<&Path>) -> Result<Assets, ThemeError> {
        let mut by_name = HashMap::new();
        for path in Embedded::iter() {
            if let Some(name) = path.strip_prefix("assets/")
                && let Some(file) = Embedded::get(&path)
            {
                by_name.insert(name.to_owned(), asset(name, file.data.into_owned()));
            }
        }
        if let Some(dir) = override_dir {
            let dir = dir.join("assets");
            if dir.is_dir() {
                let entries =
                    std::fs::read_dir(&dir).map_err(|e| ThemeError::Read(dir.clone(), e))?;
                for entry in entries {
                    let entry = entry.map_err(|e| ThemeError::Read(dir.clone(), e))?;
                    let path = entry.path();
                    if !path.is_file() {
                        continue;
                    }
                    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                        let bytes =
                            std::fs::read(&path).map_err(|e| ThemeError::Read(path.clone(), e))?;
                        by_name.insert(name.to_owned(), asset(name, bytes));
                    }
                }
            }
        }
        Ok(Assets { by_name })
    }

    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.by_name.get(name)
    }

    /// The URL of an asset, or `None` if the theme has no such file.
    /// Width and height of the PNG asset `name`, read from its header; `None` when it is
    /// missing or not a PNG (the one raster format the theme's social picture may have).
    pub fn png_size(&self, name: &str) -> Option<(u32, u32)> {
        let bytes = &self.get(name)?.bytes;
        let header = bytes.get(..24)?;
        if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
            return None;
        }
        let number = |at: usize| {
            header
                .get(at..at + 4)?
                .try_into()
                .ok()
                .map(u32::from_be_bytes)
        };
        Some((number(16)?, number(20)?)).filter(|&(w, h)| w > 0 && h > 0)
    }

    pub fn url(&self, name: &str) -> Option<String> {
        self.by_name
            .get(name)
            .map(|a| format!("/assets/{}/{name}", a.hash))
    }
}
