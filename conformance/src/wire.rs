//! Typed values and errors on the wire (see `PROTOCOL.md`, "Values").

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use edgelite::Value;
use serde_json::{json, Map, Value as Json};

/// Encodes a value in the typed JSON form.
pub fn encode_value(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => json!({ "int": i.to_string() }),
        Value::Real(f) => json!({ "real": encode_real(*f) }),
        Value::Text(s) => json!({ "text": s }),
        Value::Blob(b) => json!({ "blob": BASE64.encode(b) }),
    }
}

fn encode_real(f: f64) -> Json {
    if f.is_nan() {
        json!("NaN")
    } else if f == f64::INFINITY {
        json!("Infinity")
    } else if f == f64::NEG_INFINITY {
        json!("-Infinity")
    } else if f == 0.0 && f.is_sign_negative() {
        json!("-0.0")
    } else {
        json!(f)
    }
}

/// Decodes a typed JSON value.
pub fn decode_value(json: &Json) -> Result<Value, String> {
    let Some(object) = json.as_object() else {
        return if json.is_null() { Ok(Value::Null) } else { Err(format!("not a typed value: {json}")) };
    };
    let (kind, inner) = single_entry(object).ok_or_else(|| format!("not a typed value: {json}"))?;
    match kind {
        "int" => inner
            .as_str()
            .and_then(|s| s.parse().ok())
            .map(Value::Integer)
            .ok_or_else(|| format!("int must be a decimal string in the i64 range: {json}")),
        "real" => decode_real(inner).map(Value::Real).ok_or_else(|| format!("bad real: {json}")),
        "text" => inner.as_str().map(|s| Value::Text(s.to_owned())).ok_or_else(|| format!("bad text: {json}")),
        "blob" => inner
            .as_str()
            .and_then(|s| BASE64.decode(s).ok())
            .map(Value::Blob)
            .ok_or_else(|| format!("blob must be standard base64: {json}")),
        _ => Err(format!("unknown value type {kind:?}: {json}")),
    }
}

fn decode_real(json: &Json) -> Option<f64> {
    match json {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            "-0.0" => Some(-0.0),
            _ => None,
        },
        _ => None,
    }
}

fn single_entry(object: &Map<String, Json>) -> Option<(&str, &Json)> {
    let mut entries = object.iter();
    let (k, v) = entries.next()?;
    entries.next().is_none().then_some((k.as_str(), v))
}

/// Decodes a list of typed values.
pub fn decode_values(json: &Json) -> Result<Vec<Value>, String> {
    json.as_array().ok_or_else(|| format!("expected a list of values: {json}"))?.iter().map(decode_value).collect()
}

/// Decodes parameters: a list (positional) or an object (named).
pub fn decode_params(json: Option<&Json>) -> Result<edgelite::Parameters, String> {
    match json {
        None | Some(Json::Null) => Ok(edgelite::Parameters::None),
        Some(Json::Array(_)) => Ok(edgelite::Parameters::Positional(decode_values(json.unwrap())?)),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), decode_value(v)?)))
            .collect::<Result<_, String>>()
            .map(edgelite::Parameters::Named),
        Some(other) => Err(format!("params must be a list or an object: {other}")),
    }
}

/// Encodes an error as runners report it.
pub fn encode_error(err: &edgelite::Error) -> Json {
    let mut e = json!({
        "code": err.code().name(),
        "name": err.name(),
        "extended_code": err.extended_code(),
        "message": err.message(),
    });
    if let Some(i) = err.statement_index() {
        e["statement_index"] = json!(i);
    }
    e
}

/// Expands the harness's value shorthands (`text_repeat`, `blob_repeat`) anywhere in `json`.
pub fn expand_shorthands(json: &mut Json) {
    match json {
        Json::Object(map) => {
            if let Some((kind, arg)) = single_entry(map) {
                let repeat = arg.as_array().and_then(|a| Some((a.first()?.as_str()?, a.get(1)?.as_u64()?)));
                match (kind, repeat) {
                    ("text_repeat", Some((unit, n))) => {
                        *json = json!({ "text": unit.repeat(n as usize) });
                        return;
                    }
                    ("blob_repeat", Some((hex, n))) => {
                        let unit: Vec<u8> = (0..hex.len() / 2)
                            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
                            .collect();
                        *json = json!({ "blob": BASE64.encode(unit.repeat(n as usize)) });
                        return;
                    }
                    _ => {}
                }
            }
            map.values_mut().for_each(expand_shorthands);
        }
        Json::Array(items) => items.iter_mut().for_each(expand_shorthands),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        for v in [
            Value::Null,
            Value::Integer(i64::MIN),
            Value::Integer((1 << 53) + 1),
            Value::Real(-0.0),
            Value::Real(f64::INFINITY),
            Value::Real(0.1 + 0.2),
            Value::Real(f64::MIN_POSITIVE / 3.0),
            Value::Text("é".into()),
            Value::Blob(vec![]),
            Value::Blob(vec![0, 255]),
        ] {
            let json = encode_value(&v);
            let text = json.to_string();
            assert_eq!(decode_value(&serde_json::from_str(&text).unwrap()).unwrap(), v, "{text}");
        }
        assert!(decode_value(&json!({"int": 5})).is_err());
        assert!(decode_value(&json!(5)).is_err());
    }

    #[test]
    fn shorthands_expand() {
        let mut j = json!([{"text_repeat": ["ab", 3]}, {"blob_repeat": ["00ff", 2]}]);
        expand_shorthands(&mut j);
        assert_eq!(j, json!([{"text": "ababab"}, {"blob": BASE64.encode([0, 255, 0, 255])}]));
    }
}
