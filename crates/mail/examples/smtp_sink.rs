//! A loopback SMTP server for benchmarks (bench/digest.sh): the tests' `TestSmtp`, run as
//! its own process. Prints its URL, then every second the number of messages received
//! while it changes; stops when its standard input closes.

use std::time::Duration;

use gazette_mail::test_server::TestSmtp;
use tokio::io::AsyncReadExt;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let smtp = TestSmtp::start().await?;
    println!("{}", smtp.url());
    let mut stdin = tokio::io::stdin();
    let mut buf = [0u8; 64];
    let mut last = 0;
    loop {
        tokio::select! {
            read = stdin.read(&mut buf) => {
                if matches!(read, Ok(0) | Err(_)) {
                    break;
                }
            }
            () = tokio::time::sleep(Duration::from_secs(1)) => {
                let n = smtp.count();
                if n != last {
                    println!("received {n}");
                    last = n;
                }
            }
        }
    }
    println!("received {}", smtp.count());
    Ok(())
}
