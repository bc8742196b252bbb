//! JSON trees that own their values, for what edits a tree (the de-identified copy) or keeps it
//! beyond the text it was read from (the root members of a streamed document): a parsed
//! [`super::Node`] turned into owned values, and lent back as one in an [`Arena`].

use super::{Arena, JsonError};
use crate::formats::fhir::keys;
pub use crate::formats::fhir::keys::Key;

/// A JSON value and the line (1-based, in the whole file) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: u64,
}

/// JSON values; numbers keep their text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in the order written.
    Object(Vec<(Key, Node)>),
}

/// Parses `bytes` (one JSON text) whose first line is line `first_line` of the file.
pub fn parse(bytes: &[u8], first_line: u64) -> Result<Node, JsonError> {
    let arena = Arena::new();
    super::parse(bytes, first_line, &arena).map(|n| Node::from(&n))
}

impl From<&super::Node<'_>> for Node {
    fn from(node: &super::Node<'_>) -> Node {
        let value = match node.value {
            super::Value::Null => Value::Null,
            super::Value::Bool(b) => Value::Bool(b),
            super::Value::Number(n) => Value::Number(n.to_owned()),
            super::Value::String(s) => Value::String(s.to_owned()),
            super::Value::Array(items) => Value::Array(items.iter().map(Node::from).collect()),
            super::Value::Object(members) => {
                Value::Object(members.iter().map(|(k, v)| (keys::key(k), Node::from(v))).collect())
            }
        };
        Node { value, line: node.line }
    }
}

impl Node {
    /// The same tree borrowed, its slices in `arena`.
    pub fn lend<'a>(&'a self, arena: &'a Arena) -> super::Node<'a> {
        let value = match &self.value {
            Value::Null => super::Value::Null,
            Value::Bool(b) => super::Value::Bool(*b),
            Value::Number(n) => super::Value::Number(n),
            Value::String(s) => super::Value::String(s),
            Value::Array(items) => {
                let items: Vec<_> = items.iter().map(|n| n.lend(arena)).collect();
                super::Value::Array(arena.slice(&items))
            }
            Value::Object(members) => {
                let members: Vec<_> = members.iter().map(|(k, v)| (k.as_ref(), v.lend(arena))).collect();
                super::Value::Object(arena.slice(&members))
            }
        };
        super::Node { value, line: self.line }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array (an empty slice for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_and_lent_back_as_parsed() {
        let text = br#"{"a": [1, "x\u00e9", null, true], "b": {"c": -2.50e3}, "escaped\"key": {}}"#;
        let arena = Arena::new();
        let parsed = super::super::parse(text, 3, &arena).unwrap();
        let owned = parse(text, 3).unwrap();
        assert_eq!(owned, Node::from(&parsed));
        assert_eq!(
            owned.get("b").and_then(|b| b.get("c")).map(|c| &c.value),
            Some(&Value::Number("-2.50e3".into()))
        );
        let again = Arena::new();
        assert_eq!(owned.lend(&again), parsed);
    }
}
