//! A real S3-compatible server for the tests: `s3s-fs` (objects as files in a temporary
//! directory) behind `s3s`'s signature checks, on a loopback port, in a thread of its own so
//! that it answers while a test blocks or waits on child processes. One server per test
//! process; each test gets its own bucket.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use gazette_media::{MediaStore, S3Settings};
use hyper_util::rt::TokioIo;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

pub const ACCESS_KEY: &str = "gazette-test";
pub const SECRET_KEY: &str = "gazette-test-secret-key";

struct Server {
    addr: SocketAddr,
    root: PathBuf,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static BUCKETS: AtomicU64 = AtomicU64::new(0);

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("gazette-s3-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let fs_root = root.clone();
        std::thread::Builder::new()
            .name("s3-server".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    let fs = s3s_fs::FileSystem::new(&fs_root).unwrap();
                    let mut b = S3ServiceBuilder::new(fs);
                    b.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
                    let service = b.build();
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    loop {
                        let Ok((socket, _)) = listener.accept().await else {
                            continue;
                        };
                        let service = service.clone();
                        tokio::spawn(async move {
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(socket), service)
                                .await;
                        });
                    }
                });
            })
            .unwrap();
        Server { addr, root }
    })
}

/// A fresh, empty bucket on the test server.
pub struct Bucket {
    pub name: String,
    /// Its directory on disk (what s3s-fs keeps), for looking behind the server's back.
    pub dir: PathBuf,
}

impl Bucket {
    pub fn new() -> Bucket {
        let s = server();
        let n = BUCKETS.fetch_add(1, Ordering::Relaxed);
        let name = format!("t{}-{n}", std::process::id());
        let dir = s.root.join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        Bucket { name, dir }
    }

    /// The `media_store` value naming it.
    pub fn setting(&self) -> String {
        format!("s3://{}", self.name)
    }

    /// The `AWS_*` variables a `gazette` process needs to reach it.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", format!("http://{}", server().addr)),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
        ]
    }

    pub fn store(&self) -> MediaStore {
        let env = self.env();
        let settings = S3Settings::parse(&self.setting(), &|name| {
            env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
        })
        .unwrap()
        .unwrap();
        MediaStore::s3(&settings).unwrap()
    }
}
