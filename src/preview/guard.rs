//! Keeps the preview's drafts private: one middleware in front of every
//! route refuses requests for a host other than the loopback, the `--bind`
//! address or an `--allowed-host` (DNS rebinding), the WebSocket and the
//! other `/__followup/` endpoints to pages of another origin (a WebSocket is
//! not bound by the same-origin policy), and every method but GET and HEAD.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;

/// A host as a `Host` header, an `Origin` or `--allowed-host` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    Ip(IpAddr),
    /// A domain name, in lower case.
    Domain(String),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Name::Ip(ip) => write!(f, "{ip}"),
            Name::Domain(d) => f.write_str(d),
        }
    }
}

/// A host and its port, if it says one: `localhost:1111`, `[::1]:1111`,
/// `Example.org`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    pub name: Name,
    pub port: Option<u16>,
}

/// Parses a `Host` header's value (RFC 9110: `host [":" port]`). `None` for
/// anything else: user info, paths, a bare IPv6 address, a zone id, bytes a
/// domain name cannot hold. Never panics.
pub fn parse_authority(s: &str) -> Option<Authority> {
    let (name, port) = if let Some(rest) = s.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = ip.parse().ok()?;
        (Name::Ip(IpAddr::V6(ip)), after)
    } else {
        let end = s.find(':').unwrap_or(s.len());
        (parse_name(&s[..end])?, &s[end..])
    };
    let port = match port {
        "" => None,
        p => {
            let digits = p.strip_prefix(':')?;
            // An empty port is allowed by the grammar and means the default.
            if digits.is_empty() {
                None
            } else if digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()) {
                Some(digits.parse().ok()?)
            } else {
                return None;
            }
        }
    };
    Some(Authority { name, port })
}

/// An IPv4 address or a domain name (letters, digits, `-`, `_` and dots;
/// browsers send international names in Punycode), compared in lower case.
fn parse_name(s: &str) -> Option<Name> {
    if s.is_empty() || s.len() > 253 {
        return None;
    }
    if let Ok(ip) = s.parse::<std::net::Ipv4Addr>() {
        return Some(Name::Ip(IpAddr::V4(ip)));
    }
    let valid = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    valid.then(|| Name::Domain(s.to_ascii_lowercase()))
}

/// What `--allowed-host` accepts: a name or address as the browser's
/// address bar shows it, without a port (any port is served) or scheme; an
/// IPv6 address with or without brackets.
pub fn parse_allowed_host(s: &str) -> Result<Name, String> {
    if let Ok(ip) = s.parse::<Ipv6Addr>() {
        return Ok(Name::Ip(IpAddr::V6(ip)));
    }
    match parse_authority(s) {
        Some(Authority { name, port: None }) => Ok(name),
        Some(Authority {
            name,
            port: Some(_),
        }) => Err(format!(
            "--allowed-host {s:?} has a port: give the host alone, --allowed-host {name} (the preview answers to it on its own port)"
        )),
        None => Err(format!(
            "--allowed-host {s:?} is not a host name or IP address\nhelp: give it as the address bar shows it, without http:// or a path, e.g. --allowed-host 192.168.1.20 or --allowed-host my-laptop.local"
        )),
    }
}

/// The hosts the preview answers to.
pub struct Guard {
    bind: IpAddr,
    allowed: Vec<Name>,
}

impl Guard {
    pub fn new(bind: IpAddr, allowed: Vec<Name>) -> Guard {
        Guard { bind, allowed }
    }

    /// The loopback under any name (a page on it is the author's own), the
    /// `--bind` address and `--allowed-host` names. The port is not
    /// compared: only the name can be an attacker's, and a forwarded port
    /// (`ssh -L 8080:localhost:1111`) keeps working.
    pub fn allows(&self, name: &Name) -> bool {
        match name {
            Name::Ip(ip) => {
                ip.to_canonical().is_loopback() || *ip == self.bind || self.allowed.contains(name)
            }
            Name::Domain(d) => d == "localhost" || self.allowed.contains(name),
        }
    }

    /// Who is served, for the refusal: the loopback names, the `--bind`
    /// address and the `--allowed-host` names.
    fn served(&self) -> String {
        let mut names = vec!["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        if !self.bind.to_canonical().is_loopback() {
            names.push(Name::Ip(self.bind).to_string());
        }
        names.extend(self.allowed.iter().map(Name::to_string));
        let last = names.pop().unwrap_or_default();
        format!("{} and {last}", names.join(", "))
    }
}

/// The one `Host` of a request, parsed; `None` when it is missing,
/// repeated or not a host. An absolute request target (`GET http://x/`)
/// must name the same host, as servers give it precedence.
fn request_host(req: &Request) -> Option<Authority> {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return None;
    };
    let host = parse_authority(host.to_str().ok()?)?;
    match req.uri().authority() {
        Some(a) if parse_authority(a.as_str()).is_none_or(|a| a.name != host.name) => None,
        _ => Some(host),
    }
}

/// Whether `Origin` is this very host, over plain HTTP as the preview is
/// served. A missing `Origin` is a same-origin request or not a browser's.
fn same_origin(headers: &HeaderMap, host: &Authority) -> bool {
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let origin = match (origins.next(), origins.next()) {
        (None, _) => return true,
        (Some(o), None) => o,
        _ => return false,
    };
    let Some(origin) = origin
        .to_str()
        .ok()
        .and_then(|o| {
            o.get(..7)
                .filter(|s| s.eq_ignore_ascii_case("http://"))
                .map(|_| &o[7..])
        })
        .and_then(parse_authority)
    else {
        return false;
    };
    origin.name == host.name && origin.port.unwrap_or(80) == host.port.unwrap_or(80)
}

/// Whether a path is one of the preview's own, under `/__followup/`.
fn is_endpoint(path: &str) -> bool {
    path.strip_prefix('/')
        .and_then(|p| p.strip_prefix(crate::preview::ENDPOINT))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn refuse(status: StatusCode, message: String) -> Response {
    let mut response = Response::new(Body::from(message + "\n"));
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The middleware: checks the host, then the origin of the preview's own
/// endpoints, then the method; marks every response `nosniff`, so that no
/// page can load a draft's data as a script or stylesheet.
pub async fn check(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let mut response = match request_host(&req) {
        None => refuse(
            StatusCode::FORBIDDEN,
            format!(
                "Refused: the request names no valid host. This preview answers only to {}, so that other websites cannot read your drafts; followup serve --allowed-host NAME adds a name.",
                guard.served()
            ),
        ),
        Some(host) if !guard.allows(&host.name) => refuse(
            StatusCode::FORBIDDEN,
            format!(
                "Refused: this preview answers only to {}, so that other websites cannot read your drafts. To open it as {} (from a phone, say), restart it with followup serve --allowed-host {}",
                guard.served(),
                host.name,
                host.name
            ),
        ),
        Some(host) if is_endpoint(req.uri().path()) && !same_origin(req.headers(), &host) => {
            refuse(
                StatusCode::FORBIDDEN,
                format!(
                    "Refused: the preview's live reload and status answer only its own pages (http://{}{}), not other websites.",
                    host.name,
                    host.port.map(|p| format!(":{p}")).unwrap_or_default()
                ),
            )
        }
        Some(_) if !matches!(*req.method(), Method::GET | Method::HEAD) => {
            let mut r = refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method not allowed: the preview only serves pages (GET and HEAD).".to_string(),
            );
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            r
        }
        Some(_) => next.run(req).await,
    };
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn host(s: &str) -> Option<Authority> {
        parse_authority(s)
    }

    #[test]
    fn hosts_parse_with_ports_brackets_and_any_case() {
        let localhost = Name::Domain("localhost".into());
        assert_eq!(
            host("LocalHost:1111"),
            Some(Authority {
                name: localhost.clone(),
                port: Some(1111)
            })
        );
        assert_eq!(host("localhost").unwrap().port, None);
        assert_eq!(host("localhost:").unwrap().port, None);
        assert_eq!(
            host("[::1]:8080").unwrap().name,
            Name::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST))
        );
        assert_eq!(host("[::1]").unwrap().port, None);
        // An empty port is allowed by the grammar.
        assert_eq!(host("[::1]:").unwrap().port, None);
        assert_eq!(
            host("127.0.0.1:65535").unwrap().name,
            Name::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST))
        );
        assert_eq!(host("xn--e1afmkfd.example").unwrap().port, None);
    }

    #[test]
    fn malformed_hosts_are_none_and_never_panic() {
        for bad in [
            "",
            ":1111",
            "::1",
            "[::1",
            "[::1]x",
            "[fe80::1%25eth0]:1",
            "[127.0.0.1]:1",
            "localhost:65536",
            "localhost:99999999999999999999",
            "localhost:-1",
            "localhost:+1",
            "localhost:1:2",
            "user@localhost",
            "localhost/x",
            "local host",
            "évil.example",
            "localhost\0",
            "[",
            "]",
            "[]",
        ] {
            assert_eq!(host(bad), None, "{bad:?}");
        }
        assert_eq!(host(&"a".repeat(254)), None);
        // Every prefix of odd input, byte by byte (no slicing panics).
        let odd = "[::ffff:127.0.0.1]:08080é";
        for end in 0..=odd.len() {
            if let Some(s) = odd.get(..end) {
                let _ = host(s);
                let _ = parse_allowed_host(s);
            }
        }
    }

    #[test]
    fn the_loopback_bind_and_allowed_hosts_are_served() {
        let guard = Guard::new(
            "192.168.1.20".parse().unwrap(),
            vec![parse_allowed_host("Phone.Local").unwrap()],
        );
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1111",
            "192.168.1.20:1111",
            "phone.local:1111",
        ] {
            assert!(guard.allows(&host(ok).unwrap().name), "{ok}");
        }
        for no in [
            "evil.example:1111",
            "localhost.:1111",
            "sub.localhost",
            "0.0.0.0:1111",
            "192.168.1.21",
            "[::]",
        ] {
            assert!(!guard.allows(&host(no).unwrap().name), "{no}");
        }
    }

    #[test]
    fn allowed_hosts_are_names_without_ports() {
        assert_eq!(
            parse_allowed_host("fe80::1"),
            Ok(Name::Ip("fe80::1".parse().unwrap()))
        );
        assert_eq!(
            parse_allowed_host("[fe80::1]"),
            Ok(Name::Ip("fe80::1".parse().unwrap()))
        );
        assert!(parse_allowed_host("phone.local:1111").is_err());
        assert!(parse_allowed_host("http://phone.local/").is_err());
        assert!(parse_allowed_host("").is_err());
    }

    #[test]
    fn an_origin_must_be_the_host_itself() {
        let served = host("localhost:1111").unwrap();
        let origin = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, HeaderValue::from_str(value).unwrap());
            same_origin(&h, &served)
        };
        assert!(same_origin(&HeaderMap::new(), &served));
        assert!(origin("http://localhost:1111"));
        assert!(origin("http://LOCALHOST:1111"));
        assert!(!origin("http://evil.example"));
        assert!(!origin("http://localhost:1112"));
        assert!(!origin("http://127.0.0.1:1111"));
        assert!(!origin("https://localhost:1111"));
        assert!(!origin("null"));
        assert!(!origin("http://localhost:1111/"));
        assert!(!origin("http:/"));
        let default_port = host("localhost").unwrap();
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, HeaderValue::from_static("http://localhost"));
        assert!(same_origin(&h, &default_port));
    }
}
