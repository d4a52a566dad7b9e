//! The media store in an S3-compatible bucket (AWS S3, MinIO, Garage, Cloudflare R2…),
//! through `object_store`: the `media_store` setting `s3://BUCKET[/PREFIX]` names the
//! bucket, the usual `AWS_*` variables say where and as whom. With a custom endpoint
//! (`AWS_ENDPOINT_URL`) requests are path-style (`endpoint/bucket/key`, what MinIO and Garage
//! expect); against AWS itself they are virtual-hosted (`bucket.s3.region.amazonaws.com`).
//! `AWS_VIRTUAL_HOSTED_STYLE_REQUEST=true|false` overrides either.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{
    ClientOptions, GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig,
};

use super::{Download, MediaStoreError, ObjectInfo, Opened, clamp_range};

/// Where the pictures of an `s3://` media store are, and how to reach them.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// Key prefix inside the bucket, without slashes at either end; may be empty.
    pub prefix: String,
    /// `AWS_ENDPOINT_URL`: the server for MinIO, Garage, R2…; `None` for AWS.
    pub endpoint: Option<String>,
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`), `us-east-1` when unset.
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub virtual_hosted: bool,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("virtual_hosted", &self.virtual_hosted)
            .finish_non_exhaustive()
    }
}

impl S3Settings {
    /// Reads the `media_store` setting: `Ok(None)` for the local directory (empty), the
    /// bucket and the `AWS_*` variables `env` gives for `s3://BUCKET[/PREFIX]`, or an error
    /// that names the setting or variable and says what to write instead.
    pub fn parse(
        value: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let Some(rest) = value.strip_prefix("s3://") else {
            return Err(format!(
                "`{value}` is not a media store: leave it empty to keep pictures in the data directory, or write s3://BUCKET or s3://BUCKET/PREFIX for S3-compatible object storage"
            ));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && !bucket.starts_with(['-', '.'])
            && !bucket.ends_with(['-', '.']);
        if !bucket_ok {
            return Err(format!(
                "`{bucket}` is not a bucket name: use 3 to 63 lowercase letters, digits, dots and hyphens, e.g. s3://gazette-media"
            ));
        }
        let prefix = prefix.trim_matches('/');
        if !prefix.is_empty() && super::check_key(prefix).is_err() {
            return Err(format!(
                "the prefix `{prefix}` is not a plain path: write names separated by single slashes, e.g. s3://{bucket}/site-a"
            ));
        }
        let var = |name: &str| {
            env(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let endpoint = var("AWS_ENDPOINT_URL").or_else(|| var("AWS_ENDPOINT_URL_S3"));
        if let Some(e) = &endpoint {
            let ok = url::Url::parse(e)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !ok {
                return Err(format!(
                    "AWS_ENDPOINT_URL is `{e}`, not an http(s) URL: write the object store's address, e.g. http://127.0.0.1:9000 for MinIO, or unset it for AWS"
                ));
            }
        }
        let virtual_hosted = match var("AWS_VIRTUAL_HOSTED_STYLE_REQUEST").as_deref() {
            None => endpoint.is_none(),
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                return Err(format!(
                    "AWS_VIRTUAL_HOSTED_STYLE_REQUEST is `{other}`: write true (bucket.host addressing) or false (host/bucket, path-style)"
                ));
            }
        };
        let access_key_id = var("AWS_ACCESS_KEY_ID");
        let secret_access_key = var("AWS_SECRET_ACCESS_KEY");
        if access_key_id.is_some() != secret_access_key.is_some() {
            return Err(
                "only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set: set both, or neither to use the machine's role".into(),
            );
        }
        Ok(Some(S3Settings {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            endpoint,
            region: var("AWS_REGION")
                .or_else(|| var("AWS_DEFAULT_REGION"))
                .unwrap_or_else(|| "us-east-1".to_owned()),
            access_key_id,
            secret_access_key,
            session_token: var("AWS_SESSION_TOKEN"),
            virtual_hosted,
        }))
    }
}

#[derive(Debug)]
pub(super) struct S3 {
    store: AmazonS3,
    bucket: String,
    prefix: String,
}

impl S3 {
    pub(super) fn new(s: &S3Settings) -> Result<Self, MediaStoreError> {
        // The workspace's reqwest carries rustls without a provider: ring, as everywhere.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // A reader waits for a picture, so a store that does not answer fails in seconds
        // rather than after object_store's default three minutes of retries.
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(15),
            ..RetryConfig::default()
        };
        let client = ClientOptions::new()
            .with_connect_timeout(Duration::from_secs(5))
            .with_timeout(Duration::from_secs(60));
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&s.bucket)
            .with_region(&s.region)
            .with_virtual_hosted_style_request(s.virtual_hosted)
            .with_retry(retry)
            .with_client_options(client);
        if let Some(endpoint) = &s.endpoint {
            b = b
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let (Some(id), Some(secret)) = (&s.access_key_id, &s.secret_access_key) {
            b = b.with_access_key_id(id).with_secret_access_key(secret);
            if let Some(token) = &s.session_token {
                b = b.with_token(token);
            }
        }
        let store = b.build().map_err(|e| {
            MediaStoreError::Setting(format!(
                "cannot use the bucket s3://{} as the media store: {e}",
                s.bucket
            ))
        })?;
        Ok(S3 {
            store,
            bucket: s.bucket.clone(),
            prefix: s.prefix.clone(),
        })
    }

    pub(super) fn describe(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }

    fn path(&self, key: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(key)
        } else {
            ObjectPath::from(format!("{}/{key}", self.prefix))
        }
    }

    fn remote(&self, key: &str) -> impl FnOnce(object_store::Error) -> MediaStoreError + use<> {
        let (store, key) = (self.describe(), key.to_owned());
        move |source| MediaStoreError::Remote { store, key, source }
    }

    pub(super) async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), MediaStoreError> {
        self.store
            .put(&self.path(key), PutPayload::from(bytes))
            .await
            .map_err(self.remote(key))?;
        Ok(())
    }

    pub(super) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaStoreError> {
        let got = match self.store.get(&self.path(key)).await {
            Ok(g) => g,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.remote(key)(e)),
        };
        let bytes = got.bytes().await.map_err(self.remote(key))?;
        Ok(Some(bytes.to_vec()))
    }

    pub(super) async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, MediaStoreError> {
        match self.store.head(&self.path(key)).await {
            Ok(meta) => Ok(Some(ObjectInfo {
                key: key.to_owned(),
                size: meta.size,
                etag: meta.e_tag.map(quoted),
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.remote(key)(e)),
        }
    }

    pub(super) async fn open(
        &self,
        key: &str,
        range: Option<(u64, Option<u64>)>,
        if_none_match: Option<&str>,
    ) -> Result<Opened, MediaStoreError> {
        let mut options = GetOptions::default();
        if let Some(r) = range {
            // The size is needed to answer a range past the end with 416 rather than an
            // error from the store: one HEAD first, for range requests only.
            let Some(info) = self.head(key).await? else {
                return Ok(Opened::Missing);
            };
            match clamp_range(r, info.size) {
                Some(r) => options.range = Some(GetRange::Bounded(r)),
                None => return Ok(Opened::Unsatisfiable { size: info.size }),
            }
        }
        // Sent as the reader gave it (quoted, as S3 compares); checked again below for
        // servers that ignore the condition.
        options.if_none_match = if_none_match.map(str::to_owned);
        let got = match self.store.get_opts(&self.path(key), options).await {
            Ok(g) => g,
            Err(object_store::Error::NotFound { .. }) => return Ok(Opened::Missing),
            Err(object_store::Error::NotModified { .. }) => {
                return Ok(Opened::NotModified {
                    etag: if_none_match.unwrap_or_default().to_owned(),
                });
            }
            Err(e) => return Err(self.remote(key)(e)),
        };
        let etag = got.meta.e_tag.clone().map(quoted);
        if let (Some(tag), Some(wanted)) = (&etag, if_none_match)
            && wanted.split(',').any(|w| w.trim() == tag)
        {
            return Ok(Opened::NotModified { etag: tag.clone() });
        }
        let store = self.describe();
        let owned_key = key.to_owned();
        Ok(Opened::Found(Download {
            size: got.meta.size,
            range: got.range.clone(),
            etag,
            body: got
                .into_stream()
                .map_err(move |source| MediaStoreError::Remote {
                    store: store.clone(),
                    key: owned_key.clone(),
                    source,
                })
                .boxed(),
        }))
    }

    pub(super) async fn delete(&self, key: &str) -> Result<(), MediaStoreError> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.remote(key)(e)),
        }
    }

    pub(super) async fn list(&self) -> Result<Vec<ObjectInfo>, MediaStoreError> {
        let prefix = (!self.prefix.is_empty()).then(|| ObjectPath::from(self.prefix.as_str()));
        let skip = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.split('/').count()
        };
        let metas: Vec<_> = self
            .store
            .list(prefix.as_ref())
            .try_collect()
            .await
            .map_err(self.remote(&self.prefix))?;
        Ok(metas
            .into_iter()
            .map(|m| ObjectInfo {
                key: key_of(&m.location, skip),
                size: m.size,
                etag: m.e_tag.map(quoted),
            })
            .collect())
    }
}

/// The key of a listed object: its path without the `skip` parts of the prefix, each part
/// percent-decoded (`object_store` encodes a few characters, such as `%` and `#`, in
/// paths), so that the key stores back under the same object.
fn key_of(location: &ObjectPath, skip: usize) -> String {
    location
        .parts()
        .skip(skip)
        .map(|p| {
            percent_encoding::percent_decode_str(p.as_ref())
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// An entity tag as HTTP sends it, in double quotes (S3 returns it quoted, some servers not).
fn quoted(tag: String) -> String {
    if tag.starts_with('"') || tag.starts_with("W/") {
        tag
    } else {
        format!("\"{tag}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn listed_keys_store_back_under_the_same_object() {
        for key in [
            "uploads/2026/11/a-480.webp",
            "wp/2024/01/50% off #1.jpg",
            "wp/café [1].png",
        ] {
            let path = ObjectPath::from(format!("site/{key}"));
            assert_eq!(key_of(&path, 1), key);
            assert_eq!(ObjectPath::from(format!("site/{}", key_of(&path, 1))), path);
        }
    }

    #[test]
    fn an_empty_setting_means_the_data_directory() {
        assert_eq!(S3Settings::parse("", &env(&[])), Ok(None));
        assert_eq!(S3Settings::parse("  ", &env(&[])), Ok(None));
    }

    #[test]
    fn a_bucket_url_takes_the_aws_variables() {
        let vars = [
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"),
            ("AWS_ACCESS_KEY_ID", "id"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_REGION", "eu-central-1"),
        ];
        let s = S3Settings::parse("s3://gazette-media/site-a/", &env(&vars))
            .unwrap()
            .unwrap();
        assert_eq!(s.bucket, "gazette-media");
        assert_eq!(s.prefix, "site-a");
        assert_eq!(s.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(s.region, "eu-central-1");
        assert!(!s.virtual_hosted, "a custom endpoint is path-style");
        let aws = S3Settings::parse("s3://gazette-media", &env(&[]))
            .unwrap()
            .unwrap();
        assert!(aws.virtual_hosted && aws.prefix.is_empty() && aws.region == "us-east-1");
        let forced = [
            ("AWS_ENDPOINT_URL", "https://acc.r2.cloudflarestorage.com"),
            ("AWS_VIRTUAL_HOSTED_STYLE_REQUEST", "true"),
        ];
        assert!(
            S3Settings::parse("s3://media", &env(&forced))
                .unwrap()
                .unwrap()
                .virtual_hosted
        );
    }

    #[test]
    fn bad_values_name_what_to_fix() {
        let err = |v: &str, vars: &[(&str, &str)]| S3Settings::parse(v, &env(vars)).unwrap_err();
        assert!(err("/srv/media", &[]).starts_with("`/srv/media` is not a media store"));
        assert!(err("s3://", &[]).contains("not a bucket name"));
        assert!(err("s3://Bad_Bucket", &[]).contains("not a bucket name"));
        assert!(err("s3://media/a//b", &[]).contains("prefix"));
        assert!(
            err("s3://media", &[("AWS_ENDPOINT_URL", "minio:9000")]).contains("AWS_ENDPOINT_URL")
        );
        assert!(
            err("s3://media", &[("AWS_VIRTUAL_HOSTED_STYLE_REQUEST", "yes")])
                .contains("AWS_VIRTUAL_HOSTED_STYLE_REQUEST")
        );
        assert!(err("s3://media", &[("AWS_ACCESS_KEY_ID", "id")]).contains("both"));
    }
}
