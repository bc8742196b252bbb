//! Unknown keys in a pack, named with the nearest known key: "unknown key `hint` — did you mean
//! `hints`?". The known keys come from the structs themselves (serde's `deny_unknown_fields`
//! lists them), so a new exercise type's keys are known without a list here.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The keys `T` (a struct with `deny_unknown_fields`) reads, from serde's answer to a key no
/// struct has.
pub fn fields_of<T: DeserializeOwned>() -> Vec<String> {
    let probe = Value::Object(Map::from_iter([("\u{1}".to_string(), Value::Null)]));
    match serde_json::from_value::<T>(probe) {
        Err(e) => backticked(&e.to_string()).into_iter().skip(1).collect(),
        Ok(_) => Vec::new(),
    }
}

/// The first key of `map` not in `known`, as a sentence with a suggestion.
pub fn unknown_key(map: &Map<String, Value>, known: &[&str]) -> Option<String> {
    let key = map.keys().find(|k| !known.contains(&k.as_str()))?;
    Some(sentence(key, known))
}

/// serde's "missing field `hints`" when `map` has a key that is a misspelling of it (`hint`), as
/// the sentence for that key; any other message unchanged. (An exercise's own keys are read apart
/// from its type's, so such a key is first seen as the right one missing.)
pub fn misspelt(message: &str, map: &Map<String, Value>, own: &[&str]) -> String {
    let Some(missing) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) else {
        return message.to_string();
    };
    map.keys()
        .filter(|k| !own.contains(&k.as_str()))
        .find(|k| nearest(k, &[missing]).is_some())
        .map_or_else(|| message.to_string(), |k| format!("unknown key `{k}` — did you mean `{missing}`?"))
}

/// serde's "unknown field `x`, expected one of `a`, `b`" in the same words as [`unknown_key`];
/// any other message unchanged.
/// `also` are keys read elsewhere that the key may be a misspelling of.
pub fn explain(message: &str, also: &[&str]) -> String {
    if !message.starts_with("unknown field `") {
        return message.to_string();
    }
    let names = backticked(message);
    match names.split_first() {
        Some((key, known)) => match nearest(key, also) {
            Some(near) => format!("unknown key `{key}` — did you mean `{near}`?"),
            None => sentence(key, &known.iter().map(String::as_str).collect::<Vec<_>>()),
        },
        None => message.to_string(),
    }
}

fn sentence(key: &str, known: &[&str]) -> String {
    match nearest(key, known) {
        Some(near) => format!("unknown key `{key}` — did you mean `{near}`?"),
        None if known.is_empty() => format!("unknown key `{key}`"),
        None => {
            let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            format!("unknown key `{key}`; the keys here are {list}")
        }
    }
}

/// The known key nearest to `key` (a letter or two off, or the same ignoring case, `-` and `_`).
fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let plain = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    known
        .iter()
        .map(|k| {
            let distance = if plain(k) == plain(key) { 0 } else { strsim::damerau_levenshtein(key, k) };
            (distance, *k)
        })
        .filter(|(d, k)| *d <= 2 && *d < k.len().max(key.len()) / 2 + 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The names between backticks in `text`, in order.
fn backticked(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pack, PackHeader};

    #[test]
    fn the_header_keys_come_from_the_struct() {
        let keys = fields_of::<PackHeader>();
        assert_eq!(keys, ["format", "id", "title", "author", "licence", "version", "description"]);
    }

    #[test]
    fn unknown_keys_are_named_with_the_nearest_known_one() {
        let hint = "unknown key `hint` — did you mean `hints`?";
        assert_eq!(explain("unknown field `hint`, expected one of `hints`, `prompt`", &[]), hint);
        let answer = "unknown key `Answer` — did you mean `answer`?";
        assert_eq!(explain("unknown field `Answer`, expected `answer` or `scenario`", &[]), answer);
        assert_eq!(explain("unknown field `hint`, expected `answer`", &["hints"]), hint);
        let zzz = "unknown field `zzz`, expected `answer` or `scenario`";
        assert_eq!(explain(zzz, &[]), "unknown key `zzz`; the keys here are `answer`, `scenario`");
        assert_eq!(explain("missing field `answer`", &[]), "missing field `answer`");
        let map = |json: &str| serde_json::from_str::<Map<String, Value>>(json).unwrap();
        let own = ["prompt", "hints"];
        assert_eq!(misspelt("missing field `hints`", &map(r#"{"hint": [], "prompt": ""}"#), &own), hint);
        assert_eq!(misspelt("missing field `hints`", &map(r#"{"data": []}"#), &own), "missing field `hints`");
        assert_eq!(misspelt("invalid type", &map(r#"{"hint": []}"#), &own), "invalid type");
    }

    #[test]
    fn packs_name_their_unknown_keys() {
        let pack = |header: &str, exercise: &str| {
            format!(
                r#"{{"format":"recordlint-pack/1","id":"p","title":"P","author":"a","licence":"CC0","version":"1"{header},
                "exercises":[{{"id":"c-1","type":"coding","title":"t","difficulty":"beginner","domain":"data-content",
                "prompt":"p","explanation":"e","scenario":"s","answer":{{"codes":["E11.9"]}}{exercise}}}]}}"#
            )
        };
        let err = Pack::from_json(&pack(r#","licence2":"x""#, r#","hints":[]"#)).unwrap_err();
        assert_eq!(err, "unknown key `licence2` — did you mean `licence`?");
        let err = Pack::from_json(&pack(r#","exercise":[]"#, r#","hints":[]"#)).unwrap_err();
        assert_eq!(err, "unknown key `exercise` — did you mean `exercises`?");
        let read = Pack::from_json(&pack("", r#","hint":["h"]"#)).unwrap();
        assert_eq!(
            read.exercises[0].as_ref().unwrap_err().to_string(),
            "exercise c-1: unknown key `hint` — did you mean `hints`?"
        );
        let read = Pack::from_json(&pack("", r#","hints":[],"scenarios":"s""#)).unwrap();
        assert_eq!(
            read.exercises[0].as_ref().unwrap_err().to_string(),
            "exercise c-1: unknown key `scenarios` — did you mean `scenario`?"
        );
    }
}
