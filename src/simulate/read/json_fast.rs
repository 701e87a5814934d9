//! The fast reading of a good `customers/v1` line: straight into typed fields,
//! borrowing the line's text, without building a JSON tree. It accepts only what
//! the careful reading in `json_lines` accepts, with the same result; anything
//! else (a mistake, or a form it does not know, like a fractional id) gives
//! `None`, and the careful reading decides and says what is wrong.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::simulate::customer::{
    Customer, DEFAULT_SESSION_MINUTES, Engages, Event, Platform, Session, Value,
};

use super::json_lines::{moment, text_attribute};

#[derive(Deserialize)]
struct Line<'a> {
    #[serde(default)]
    id: Option<Id>,
    #[serde(borrow, default)]
    attributes: Option<Attributes<'a>>,
    #[serde(borrow, default)]
    tags: Option<Vec<Text<'a>>>,
    #[serde(borrow, default)]
    segments: Option<Vec<Text<'a>>>,
    #[serde(borrow, default)]
    events: Option<Vec<Object<EventLine<'a>>>>,
    #[serde(borrow, default)]
    sessions: Option<Vec<Object<SessionLine<'a>>>>,
    #[serde(borrow, default)]
    engages: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct EventLine<'a> {
    #[serde(borrow, default)]
    name: Option<Text<'a>>,
    #[serde(borrow, default)]
    at: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct SessionLine<'a> {
    #[serde(borrow, default)]
    at: Option<Text<'a>>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(borrow, default)]
    platform: Option<Text<'a>>,
}

/// A struct read from a JSON object only (serde would also read it from a list).
struct Object<T>(T);

/// Text, or a whole number (read as its digits).
struct Id(String);

/// Text, borrowed from the line where it has no escapes.
struct Text<'a>(Cow<'a, str>);

/// Attributes in the order written; `None` for null (unknown).
struct Attributes<'a>(Vec<(Cow<'a, str>, Option<Raw<'a>>)>);

enum Raw<'a> {
    Boolean(bool),
    Number(f64),
    Text(Cow<'a, str>),
}

#[derive(Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: Option<Id>,
}

/// The id on a line that is good JSON, without reading the rest into fields.
pub(super) fn id(text: &str) -> Option<String> {
    let Object(line): Object<IdOnly> = serde_json::from_str(text).ok()?;
    line.id.map(|id| id.0).filter(|id| !id.trim().is_empty())
}

/// The customer on a good line; `None` for anything else.
pub(super) fn customer(text: &str) -> Option<Customer> {
    let Object(line): Object<Line> = serde_json::from_str(text).ok()?;
    let id = line.id?.0;
    if id.trim().is_empty() {
        return None;
    }
    let mut c = Customer::new(id);
    for (name, raw) in line.attributes.map(|a| a.0).unwrap_or_default() {
        let value = match raw {
            None => {
                // The last value of a name written twice counts, as in a JSON object.
                c.attributes.remove(name.as_ref());
                continue;
            }
            Some(Raw::Boolean(b)) => Value::Boolean(b),
            Some(Raw::Number(n)) => Value::Number(n),
            Some(Raw::Text(t)) => text_attribute(&name, &t).ok()?,
        };
        c.attributes.insert(name.into_owned(), value);
    }
    c.tags = line
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.0.into_owned())
        .collect();
    c.segments = line
        .segments
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.0.into_owned())
        .collect();
    for Object(e) in line.events.unwrap_or_default() {
        let name = e.name.filter(|n| !n.0.is_empty())?;
        c.events.push(Event {
            name: name.0.into_owned(),
            at: moment(&e.at?.0).ok()?,
        });
    }
    for Object(s) in line.sessions.unwrap_or_default() {
        c.sessions.push(Session {
            at: moment(&s.at?.0).ok()?,
            minutes: s.minutes.unwrap_or(DEFAULT_SESSION_MINUTES),
            platform: match s.platform {
                None => Platform::Web,
                Some(p) => Platform::from_name(&p.0)?,
            },
        });
    }
    if let Some(e) = line.engages {
        c.engages = Engages::from_name(&e.0)?;
    }
    Some(c)
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(PhantomData)).map(Object)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text or a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Attributes<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attributes<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of attributes")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut out = Vec::new();
                while let Some(Text(name)) = map.next_key::<Text<'de>>()? {
                    let value: Option<RawValue<'de>> = map.next_value()?;
                    out.push((name, value.map(|v| v.0)));
                }
                Ok(Attributes(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One attribute's value: true/false, a number or text.
struct RawValue<'a>(Raw<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for RawValue<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, a number or true/false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(RawValue(Raw::Boolean(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawValue(Raw::Number(v as f64)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawValue(Raw::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawValue(Raw::Number(v)))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(RawValue(Raw::Text(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawValue(Raw::Text(Cow::Owned(v.to_string()))))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::customer;
    use crate::simulate::read::json_lines;

    fn one_of(items: &[&'static str]) -> impl Strategy<Value = String> + use<> {
        prop::sample::select(items.to_vec()).prop_map(str::to_string)
    }

    /// JSON text of a value of any kind, good or bad for its place.
    fn any_value() -> impl Strategy<Value = String> {
        one_of(&[
            "null",
            "true",
            "false",
            "0",
            "3",
            "-2",
            "2.5",
            "1e3",
            "18446744073709551615",
            "\"\"",
            "\" \"",
            "\"pro\"",
            "\"2026-12-01\"",
            "\"2026-12-01T09:00:00Z\"",
            "\"2026-12-01T09:00:00+02:00\"",
            "\"2026-13-01\"",
            "\"2026-12-+1\"",
            "\"last week\"",
            "\"ios\"",
            "\"windows\"",
            "\"a\\\"b\"",
            "[]",
            "[\"x\"]",
            "{}",
        ])
    }

    fn date() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => one_of(&["\"2026-12-01T09:00:00Z\"", "\"2026-12-02\"", "\"2026-12-01T09:00:00-05:00\""]),
            1 => any_value(),
        ]
    }

    /// `{"k": v, …}`, keys possibly repeated.
    fn object(fields: Vec<BoxedStrategy<(&'static str, String)>>) -> impl Strategy<Value = String> {
        fields.prop_map(|fields| {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("\"{k}\": {v}"))
                .collect();
            format!("{{{}}}", inner.join(", "))
        })
    }

    fn list(item: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        prop::collection::vec(item, 0..3).prop_map(|items| format!("[{}]", items.join(", ")))
    }

    fn field(
        name: &'static str,
        value: impl Strategy<Value = String> + 'static,
    ) -> BoxedStrategy<(&'static str, String)> {
        value.prop_map(move |v| (name, v)).boxed()
    }

    fn attributes() -> impl Strategy<Value = String> {
        let key = one_of(&[
            "plan",
            "signed_up_at",
            "last_seen_at",
            "seats",
            "plan",
            "note",
        ]);
        prop::collection::vec((key, prop_oneof![date(), any_value()]), 0..5).prop_map(|kv| {
            let inner: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{}}}", inner.join(", "))
        })
    }

    fn line() -> impl Strategy<Value = String> {
        let event = object(vec![
            field(
                "name",
                prop_oneof![3 => Just("\"x\"".to_string()), 1 => any_value()],
            ),
            field("at", date()),
        ]);
        let session = (
            date(),
            prop::option::of(prop_oneof![
                3 => one_of(&["5", "0", "90"]),
                1 => one_of(&["-1", "2.5", "\"5\"", "4294967296", "null"]),
            ]),
            prop::option::of(prop_oneof![
                3 => one_of(&["\"web\"", "\"ios\"", "\"android\""]),
                1 => any_value(),
            ]),
        )
            .prop_map(|(at, minutes, platform)| {
                let mut fields = vec![format!("\"at\": {at}")];
                fields.extend(minutes.map(|m| format!("\"minutes\": {m}")));
                fields.extend(platform.map(|p| format!("\"platform\": {p}")));
                format!("{{{}}}", fields.join(", "))
            });
        (
            prop_oneof![4 => one_of(&["\"u1\"", "7"]), 1 => any_value()],
            prop::option::of(attributes()),
            prop::option::of(list(
                prop_oneof![3 => Just("\"beta\"".to_string()), 1 => any_value()],
            )),
            prop::option::of(list(prop_oneof![4 => event, 1 => any_value()])),
            prop::option::of(list(prop_oneof![4 => session, 1 => any_value()])),
            prop::option::of(
                prop_oneof![3 => one_of(&["\"always\"", "\"never\""]), 1 => any_value()],
            ),
            prop::option::of(any_value()),
            prop::bool::weighted(0.05),
        )
            .prop_map(
                |(id, attributes, tags, events, sessions, engages, extra, as_list)| {
                    let mut fields = vec![format!("\"id\": {id}")];
                    let named = [
                        ("attributes", attributes),
                        ("tags", tags),
                        ("events", events),
                        ("sessions", sessions),
                        ("engages", engages),
                        ("extra", extra),
                    ];
                    for (name, value) in named {
                        fields.extend(value.map(|v| format!("\"{name}\": {v}")));
                    }
                    let body = fields.join(", ");
                    if as_list {
                        format!("[{body}]")
                    } else {
                        format!("{{{body}}}")
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The fast reading accepts a line only when the careful one does, and
        /// reads the same customer from it.
        #[test]
        fn the_fast_reading_agrees_with_the_careful_one(text in line()) {
            // A line it refuses, the careful reading decides (and usually refuses too).
            if let Some(fast) = customer(&text) {
                prop_assert_eq!(json_lines::careful(1, &text), Ok(fast));
            }
        }
    }

    #[test]
    fn the_fast_reading_takes_good_lines() {
        let text = r#"{"id": 42, "attributes": {"plan": "pro", "seats": 3, "signed_up_at": "2026-12-01",
            "trial": true, "note": null}, "tags": ["beta"], "segments": ["Active"],
            "events": [{"name": "x", "at": "2026-12-02T09:00:00Z"}],
            "sessions": [{"at": "2026-12-01T08:30:00Z", "minutes": 20, "platform": "ios"}, {"at": "2026-12-03"}],
            "engages": "never", "unknown": [1, 2]}"#;
        let fast = customer(text).unwrap();
        assert_eq!(fast.id, "42");
        assert_eq!(fast.attributes.len(), 4);
        assert_eq!(fast.sessions[1].minutes, 30);
        assert_eq!(Ok(fast), json_lines::careful(1, text));
        assert!(customer(r#"["u1"]"#).is_none());
        assert!(customer(r#"{"id": "u1", "events": [["x", "2026-12-01"]]}"#).is_none());
    }
}
