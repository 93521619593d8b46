//! libSQL's Hrana protocol: message types and their JSON and protobuf encodings, shared by the
//! server (`edgelite-server`) and the core's remote client.

pub mod proto;
pub mod protobuf;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::value::Value;

/// Standard base64, decoding with or without `=` padding (sqld writes none; others do).
const BASE64_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A value in Hrana's JSON form: `{"type": "integer", "value": "42"}` and so on.
///
/// Integers travel as decimal strings. Reals are JSON numbers; infinities, which JSON cannot
/// write, go out as the numbers `1e999`/`-1e999` (JavaScript and Python read them as
/// infinities), and NaN as `null` (SQLite stores NaN as NULL anyway). Inbound, `null` reads as
/// NaN; infinities travel exactly only in protobuf.
pub struct JsonValue<'a>(pub &'a Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        match self.0 {
            Value::Null => map.serialize_entry("type", "null")?,
            Value::Integer(i) => {
                map.serialize_entry("type", "integer")?;
                map.serialize_entry("value", &i.to_string())?;
            }
            Value::Real(f) => {
                map.serialize_entry("type", "float")?;
                if f.is_finite() {
                    map.serialize_entry("value", f)?;
                } else if f.is_nan() {
                    map.serialize_entry("value", &())?;
                } else {
                    let text = if *f > 0.0 { "1e999" } else { "-1e999" };
                    let raw =
                        serde_json::value::RawValue::from_string(text.to_owned()).map_err(serde::ser::Error::custom)?;
                    map.serialize_entry("value", &raw)?;
                }
            }
            Value::Text(s) => {
                map.serialize_entry("type", "text")?;
                map.serialize_entry("value", s)?;
            }
            Value::Blob(b) => {
                map.serialize_entry("type", "blob")?;
                map.serialize_entry("base64", &STANDARD_NO_PAD.encode(b))?;
            }
        }
        map.end()
    }
}

/// Decodes [`JsonValue`]'s form.
pub struct OwnedJsonValue(pub Value);

impl<'de> Deserialize<'de> for OwnedJsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Plain (not raw) fields: values sit inside internally tagged enums, which serde
        // buffers, and buffered content cannot hold raw JSON.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Field<'a> {
            Text(#[serde(borrow)] std::borrow::Cow<'a, str>),
            Int(i64),
            Float(f64),
        }
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(rename = "type", borrow)]
            kind: std::borrow::Cow<'a, str>,
            #[serde(default, borrow)]
            value: Option<Field<'a>>,
            #[serde(default)]
            base64: Option<String>,
        }
        let raw = Raw::deserialize(deserializer)?;
        let value = match (raw.kind.as_ref(), raw.value) {
            ("null", _) => Value::Null,
            ("integer", Some(Field::Text(t))) => {
                Value::Integer(t.parse().map_err(|_| de::Error::custom(format!("invalid integer {t:?}")))?)
            }
            ("integer", Some(Field::Int(i))) => Value::Integer(i),
            ("float", Some(Field::Float(f))) => Value::Real(f),
            ("float", Some(Field::Int(i))) => Value::Real(i as f64),
            // JSON has no NaN or infinities; JavaScript writes them as null.
            ("float", None) => Value::Real(f64::NAN),
            ("text", Some(Field::Text(t))) => Value::Text(t.into_owned()),
            ("blob", _) => {
                let b64 = raw.base64.ok_or_else(|| de::Error::missing_field("base64"))?;
                Value::Blob(
                    BASE64_ANY_PADDING.decode(b64).map_err(|e| de::Error::custom(format!("invalid base64: {e}")))?,
                )
            }
            (kind @ ("integer" | "float" | "text"), _) => {
                return Err(de::Error::custom(format!("invalid or missing \"value\" for a {kind} value")))
            }
            (other, _) => return Err(de::Error::unknown_variant(other, &["null", "integer", "float", "text", "blob"])),
        };
        Ok(OwnedJsonValue(value))
    }
}

/// `#[serde(with)]` for one value.
mod value {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Value, s: S) -> Result<S::Ok, S::Error> {
        JsonValue(v).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        OwnedJsonValue::deserialize(d).map(|v| v.0)
    }
}

/// `#[serde(with)]` for a list of values.
mod values {
    use super::*;
    pub fn serialize<S: Serializer>(vs: &[Value], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(vs.len()))?;
        for v in vs {
            seq.serialize_element(&JsonValue(v))?;
        }
        seq.end()
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
        Vec::<OwnedJsonValue>::deserialize(d).map(|vs| vs.into_iter().map(|v| v.0).collect())
    }
}

/// `#[serde(with)]` for rows of values.
mod rows {
    use super::*;
    struct Row<'a>(&'a [Value]);
    impl Serialize for Row<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            values::serialize(self.0, s)
        }
    }
    pub fn serialize<S: Serializer>(rows: &[Vec<Value>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(rows.len()))?;
        for row in rows {
            seq.serialize_element(&Row(row))?;
        }
        seq.end()
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Value>>, D::Error> {
        Vec::<Vec<OwnedJsonValue>>::deserialize(d)
            .map(|rows| rows.into_iter().map(|r| r.into_iter().map(|v| v.0).collect()).collect())
    }
}

/// `#[serde(with)]` for an optional i64 written as a string (accepting a number too: sqld
/// writes cursor `last_insert_rowid` as a number).
mod opt_i64_string {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(i) => s.serialize_str(&i.to_string()),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Text(String),
            Number(i64),
        }
        match Option::<Either>::deserialize(d)? {
            None => Ok(None),
            Some(Either::Number(n)) => Ok(Some(n)),
            Some(Either::Text(t)) => t.parse().map(Some).map_err(|_| de::Error::custom(format!("invalid integer {t}"))),
        }
    }
}

/// `#[serde(with)]` for an optional u64 written as a string (or a number).
mod opt_u64_string {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(i) => s.serialize_str(&i.to_string()),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Text(String),
            Number(u64),
        }
        match Option::<Either>::deserialize(d)? {
            None => Ok(None),
            Some(Either::Number(n)) => Ok(Some(n)),
            Some(Either::Text(t)) => t.parse().map(Some).map_err(|_| de::Error::custom(format!("invalid integer {t}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::proto::*;
    use super::*;

    #[test]
    fn values_in_json() {
        let cases = [
            (Value::Null, r#"{"type":"null"}"#),
            (Value::Integer(9007199254740993), r#"{"type":"integer","value":"9007199254740993"}"#),
            (Value::Real(1.5), r#"{"type":"float","value":1.5}"#),
            (Value::Text("é\"".into()), r#"{"type":"text","value":"é\""}"#),
            (Value::Blob(vec![0, 255, 1]), r#"{"type":"blob","base64":"AP8B"}"#),
        ];
        for (value, json) in cases {
            assert_eq!(serde_json::to_string(&JsonValue(&value)).unwrap(), json);
            assert_eq!(serde_json::from_str::<OwnedJsonValue>(json).unwrap().0, value, "{json}");
        }
        assert_eq!(
            serde_json::to_string(&JsonValue(&Value::Real(f64::INFINITY))).unwrap(),
            r#"{"type":"float","value":1e999}"#
        );
        assert_eq!(
            serde_json::to_string(&JsonValue(&Value::Real(f64::NEG_INFINITY))).unwrap(),
            r#"{"type":"float","value":-1e999}"#
        );
        let nan: OwnedJsonValue = serde_json::from_str(r#"{"type":"float","value":null}"#).unwrap();
        assert!(matches!(nan.0, Value::Real(f) if f.is_nan()));
        // -0.0 keeps its sign; padding is optional; keys may come in any order.
        let neg = serde_json::to_string(&JsonValue(&Value::Real(-0.0))).unwrap();
        assert_eq!(serde_json::from_str::<OwnedJsonValue>(&neg).unwrap().0, Value::Real(-0.0));
        let padded: OwnedJsonValue = serde_json::from_str(r#"{"base64":"AP8=","type":"blob"}"#).unwrap();
        assert_eq!(padded.0, Value::Blob(vec![0, 255]));
        for bad in [r#"{"type":"integer","value":"x"}"#, r#"{"type":"wat"}"#, r#"{"type":"blob","base64":"!!"}"#, "5"] {
            assert!(serde_json::from_str::<OwnedJsonValue>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn messages_in_json() {
        let req: PipelineReqBody = serde_json::from_str(
            r#"{"baton":null,"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"1"}],"want_rows":true}},{"type":"close"}]}"#,
        )
        .unwrap();
        assert_eq!(req.requests.len(), 2);
        let StreamRequest::Execute { stmt } = &req.requests[0] else { panic!() };
        assert_eq!(stmt.args, vec![Value::Integer(1)]);
        let cond: BatchCond = serde_json::from_str(r#"{"type":"not","cond":{"type":"ok","step":0}}"#).unwrap();
        assert_eq!(cond, BatchCond::Not { cond: Box::new(BatchCond::Ok { step: 0 }) });
        let result = StmtResult { last_insert_rowid: Some(7), ..Default::default() };
        let json = serde_json::to_string(&result).unwrap();
        assert!(json.contains(r#""last_insert_rowid":"7""#), "{json}");
        let entry: CursorEntry =
            serde_json::from_str(r#"{"type":"step_end","affected_row_count":1,"last_insert_rowid":5}"#).unwrap();
        assert_eq!(entry, CursorEntry::StepEnd { affected_row_count: 1, last_insert_rowid: Some(5) });
        let msg: ClientMsg = serde_json::from_str(r#"{"type":"hello","jwt":null,"extra":1}"#).unwrap();
        assert_eq!(msg, ClientMsg::Hello { jwt: None });
    }
}
