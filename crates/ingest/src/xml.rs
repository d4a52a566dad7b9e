//! A small walk over an XML document with quick-xml: elements by local name with their
//! attributes, text with entities resolved, and a typed error with the line on the first
//! fault. Shared by the news-sitemap and OPML readers and by the feed parser's first look
//! (which root, is it well-formed), so all three report broken XML the same way.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::error::{ParseError, line_at};

/// Deeper nesting than any feed has: refused so a hostile document cannot make us work.
const MAX_DEPTH: usize = 256;

pub(crate) enum XmlEvent<'a> {
    /// An element opens (`Empty` elements give a `Start` and an `End`).
    Start {
        name: &'a str,
        attrs: &'a [(String, String)],
    },
    Text(&'a str),
    End {
        name: &'a str,
    },
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_owned(),
        None => name.to_owned(),
    }
}

fn attributes(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (local(a.key.as_ref()), value)
        })
        .collect()
}

fn reference(r: &BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    Some(match &**r {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        // HTML entities that feeds use without declaring them.
        "nbsp" => '\u{a0}',
        _ => return None,
    })
}

/// Walks `doc`, calling `visit` for each element and piece of text; stops at the first
/// fault (mismatched or unclosed tags, bad syntax, a document with no element).
pub(crate) fn walk(doc: &str, visit: &mut dyn FnMut(XmlEvent<'_>)) -> Result<(), ParseError> {
    let mut reader = Reader::from_str(doc);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut seen_root = false;
    let fault = |pos: u64, message: String| ParseError::Xml {
        line: line_at(doc, usize::try_from(pos).unwrap_or(usize::MAX)),
        message,
    };
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| fault(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if stack.is_empty() && seen_root => {
                return Err(fault(before, "more than one root element".into()));
            }
            Event::Start(_) if stack.len() >= MAX_DEPTH => {
                return Err(fault(
                    before,
                    format!("elements nested more than {MAX_DEPTH} deep"),
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.name().as_ref());
                let attrs = attributes(e);
                seen_root = true;
                visit(XmlEvent::Start {
                    name: &name,
                    attrs: &attrs,
                });
                if matches!(event, Event::Empty(_)) {
                    visit(XmlEvent::End { name: &name });
                } else {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                if let Some(name) = stack.pop() {
                    visit(XmlEvent::End { name: &name });
                }
            }
            Event::Text(t) => {
                if !stack.is_empty() {
                    visit(XmlEvent::Text(&t.xml10_content()));
                }
            }
            Event::CData(t) => {
                if !stack.is_empty() {
                    visit(XmlEvent::Text(&t.xml10_content()));
                }
            }
            Event::GeneralRef(r) => {
                let Some(c) = reference(&r) else {
                    return Err(fault(before, format!("unknown entity `&{};`", &*r)));
                };
                if !stack.is_empty() {
                    let mut tmp = [0u8; 4];
                    visit(XmlEvent::Text(c.encode_utf8(&mut tmp)));
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(fault(
                        reader.buffer_position(),
                        format!("the document ends inside <{open}>; it is truncated"),
                    ));
                }
                if !seen_root {
                    return Err(fault(0, "no XML element in the document".into()));
                }
                return Ok(());
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// The root element's local name and line, without reading further than it.
pub(crate) fn root(doc: &str) -> Result<(String, usize), ParseError> {
    let mut reader = Reader::from_str(doc);
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Ok((
                    local(e.name().as_ref()),
                    line_at(doc, usize::try_from(before).unwrap_or(0)),
                ));
            }
            Ok(Event::Eof) => {
                return Err(ParseError::Xml {
                    line: line_at(doc, doc.len()),
                    message: "no XML element in the document".into(),
                });
            }
            Ok(_) => {}
            Err(e) => {
                return Err(ParseError::Xml {
                    line: line_at(doc, usize::try_from(reader.error_position()).unwrap_or(0)),
                    message: e.to_string(),
                });
            }
        }
    }
}
