//! The delimiters of a message: the field separator (MSH-1) and the encoding characters (MSH-2)
//! that split fields into repetitions, components and subcomponents and mark escapes.

/// The delimiters a message declares in MSH-1 and MSH-2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delimiters {
    pub field: char,
    pub component: char,
    pub repetition: char,
    pub escape: Option<char>,
    pub subcomponent: char,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters { field: '|', component: '^', repetition: '~', escape: Some('\\'), subcomponent: '&' }
    }
}

impl Delimiters {
    /// Reads MSH-1 and MSH-2 from the text of an MSH segment; the error says what is wrong.
    pub fn from_msh(msh: &str) -> Result<Delimiters, String> {
        if msh.as_bytes().get(3..9) == Some(b"|^~\\&|") {
            return Ok(Delimiters::default()); // the usual ones, as read below
        }
        let mut chars = msh.chars().skip(3);
        let Some(field) = chars.next() else {
            return Err("MSH has no field separator (MSH-1)".into());
        };
        let encoding: String = chars.take_while(|&c| c != field).collect();
        if field.is_alphanumeric() || field.is_whitespace() {
            return Err(format!(
                "MSH-1 (field separator) is {field:?}; it must not be a letter, digit or blank"
            ));
        }
        let enc: Vec<char> = encoding.chars().collect();
        if !(4..=5).contains(&enc.len()) {
            return Err(format!(
                "MSH-2 (encoding characters) is {encoding:?}; it must hold 4 characters, usually ^~\\&"
            ));
        }
        for (i, c) in enc.iter().enumerate() {
            if c.is_alphanumeric() || c.is_whitespace() || *c == field || enc[..i].contains(c) {
                return Err(format!(
                    "MSH-2 (encoding characters) is {encoding:?}: {c:?} is a letter, digit, blank, the field separator or repeated"
                ));
            }
        }
        Ok(Delimiters {
            field,
            component: enc[0],
            repetition: enc[1],
            escape: Some(enc[2]),
            subcomponent: enc[3],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_from_msh() {
        assert_eq!(Delimiters::from_msh("MSH|^~\\&|A").unwrap(), Delimiters::default());
        assert_eq!(Delimiters::from_msh("MSH|^~\\&#|A").unwrap(), Delimiters::default());
        assert!(Delimiters::from_msh("MSH|^~|A").unwrap_err().contains("4 characters"));
        assert!(Delimiters::from_msh("MSH|^~\\^|A").unwrap_err().contains("repeated"));
        assert!(Delimiters::from_msh("MSHA^~\\&").is_err());
        assert!(Delimiters::from_msh("MSH").is_err());
    }
}
